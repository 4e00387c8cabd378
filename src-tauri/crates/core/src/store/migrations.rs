//! Schema migrations: plain SQL files applied in order, all pending ones in a single transaction
//! together with the `user_version` bump, so a crash mid-upgrade leaves the old schema intact.

use crate::{CoreError, CoreResult};
use rusqlite::Connection;

/// Each entry moves the schema from version `index` to `index + 1`.
pub const MIGRATIONS: &[&str] = &[
    include_str!("sql/0001_init.sql"),
    include_str!("sql/0002_outbox.sql"),
    include_str!("sql/0003_sync_signin.sql"),
    include_str!("sql/0004_workflow.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub fn schema_version(conn: &Connection) -> CoreResult<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Refuses a database written by a newer app. Only reads the header, so the file stays untouched.
pub fn refuse_newer(conn: &Connection) -> CoreResult<()> {
    let found = schema_version(conn)?;
    if found > SCHEMA_VERSION {
        return Err(CoreError::NewerSchema {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(())
}

/// Brings the database up to [`SCHEMA_VERSION`]; refuses, untouched, a database from a newer app.
pub fn migrate(conn: &mut Connection) -> CoreResult<()> {
    refuse_newer(conn)?;
    let found = schema_version(conn)?;
    if found == SCHEMA_VERSION {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)?;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        tx.execute_batch(sql).map_err(|e| {
            CoreError::Store(format!(
                "migration to schema {} failed and was rolled back: {e}",
                index + 1
            ))
        })?;
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.commit()?;
    tracing::info!(
        from = found,
        to = SCHEMA_VERSION,
        "database schema upgraded"
    );
    Ok(())
}
