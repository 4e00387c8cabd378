//! Product catalogue rows.

use crate::domain::{Cannabinoid, Product};
use crate::{CoreError, CoreResult};
use rusqlite::{Connection, OptionalExtension, params};

pub fn insert_product(conn: &Connection, p: &Product) -> CoreResult<()> {
    let cannabinoids = serde_json::to_string(
        &p.cannabinoids
            .iter()
            .map(|c| (&c.name, c.amount))
            .collect::<Vec<_>>(),
    )
    .map_err(|e| CoreError::Invalid(e.to_string()))?;
    conn.execute(
        "INSERT INTO products (sku, brand, name, strain, category, unit, net_weight_mg, cannabinoids)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![p.sku, p.brand, p.name, p.strain, p.category, p.unit, p.net_weight_mg, cannabinoids],
    )?;
    Ok(())
}

pub fn load_product(conn: &Connection, sku: &str) -> CoreResult<Option<Product>> {
    conn.query_row(
        "SELECT sku, brand, name, strain, category, unit, net_weight_mg, cannabinoids FROM products WHERE sku = ?1",
        [sku],
        |r| {
            let json: String = r.get(7)?;
            let pairs: Vec<(String, i64)> = serde_json::from_str(&json).map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(7, rusqlite::types::Type::Text, Box::new(e))
            })?;
            Ok(Product {
                sku: r.get(0)?,
                brand: r.get(1)?,
                name: r.get(2)?,
                strain: r.get(3)?,
                category: r.get(4)?,
                unit: r.get(5)?,
                net_weight_mg: r.get(6)?,
                cannabinoids: pairs.into_iter().map(|(name, amount)| Cannabinoid { name, amount }).collect(),
            })
        },
    )
    .optional()
    .map_err(Into::into)
}
