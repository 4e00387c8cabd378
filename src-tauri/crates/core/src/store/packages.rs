//! Package rows: what is physically in the vault, and what the state system last said about it.

use crate::CoreResult;
use crate::domain::{Package, Quantity, Uid};
use rusqlite::{Connection, OptionalExtension, Row, params};

const COLUMNS: &str = "uid, sku, batch, packaged_on, expires_on, quantity, unit, state_quantity, location, status, qa, sealed";

pub fn insert_package(conn: &Connection, p: &Package) -> CoreResult<()> {
    conn.execute(
        &format!("INSERT INTO packages ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"),
        params![
            p.uid.as_str(),
            p.sku,
            p.batch,
            p.packaged_on.to_string(),
            p.expires_on.map(|d| d.to_string()),
            p.quantity.amount,
            p.quantity.unit,
            p.state_quantity,
            p.location,
            p.status,
            p.qa,
            p.sealed,
        ],
    )?;
    Ok(())
}

pub fn load_package(conn: &Connection, uid: &str) -> CoreResult<Option<Package>> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM packages WHERE uid = ?1"),
        [uid],
        from_row,
    )
    .optional()
    .map_err(Into::into)
}

/// All packages of a product, in the order a picker should take them: earliest expiry first
/// (undated last), then oldest.
pub fn packages_for_sku(conn: &Connection, sku: &str) -> CoreResult<Vec<Package>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM packages WHERE sku = ?1
         ORDER BY expires_on IS NULL, expires_on, packaged_on, uid"
    ))?;
    let rows = stmt.query_map([sku], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<Package> {
    let packaged: String = r.get(3)?;
    let expires: Option<String> = r.get(4)?;
    Ok(Package {
        uid: Uid(r.get(0)?),
        sku: r.get(1)?,
        batch: r.get(2)?,
        packaged_on: super::parse_date(&packaged, 3)?,
        expires_on: expires.map(|e| super::parse_date(&e, 4)).transpose()?,
        quantity: Quantity {
            amount: r.get(5)?,
            unit: r.get(6)?,
        },
        state_quantity: r.get(7)?,
        location: r.get(8)?,
        status: r.get(9)?,
        qa: r.get(10)?,
        sealed: r.get(11)?,
    })
}
