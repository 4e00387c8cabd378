//! The SQLite store: one file per data directory, opened with the durability settings a licence
//! depends on, and every write in an immediate transaction.

mod audit;
pub mod migrations;
mod orders;
mod packages;
mod products;

pub use audit::AuditRecord;
pub use migrations::SCHEMA_VERSION;

use crate::{CoreError, CoreResult};
use rusqlite::{Connection, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// The store's file name inside the data directory.
pub const DB_FILE: &str = "vaultpick.sqlite3";

pub struct Store {
    conn: Mutex<Connection>,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: impl AsRef<Path>) -> CoreResult<Store> {
        let path = path.as_ref().to_path_buf();
        let mut conn = Connection::open(&path)?;
        // Refuse a newer file before anything (even switching to WAL) touches it.
        migrations::refuse_newer(&conn)?;
        configure(&conn)?;
        migrations::migrate(&mut conn)?;
        Ok(Store {
            conn: Mutex::new(conn),
            path,
        })
    }

    /// Opens the store inside a data directory, creating the directory if needed.
    pub fn open_in(dir: impl AsRef<Path>) -> CoreResult<Store> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir).map_err(|e| {
            CoreError::Store(format!(
                "cannot create data directory {}: {e}",
                dir.display()
            ))
        })?;
        Store::open(dir.join(DB_FILE))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave SQLite inconsistent (transactions roll back),
        // so a poisoned lock is safe to keep using.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs read-only work on the connection.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> CoreResult<T>) -> CoreResult<T> {
        f(&self.lock())
    }

    /// Runs `f` in a `BEGIN IMMEDIATE` transaction: committed if it returns `Ok`, rolled back otherwise.
    pub fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> CoreResult<T>) -> CoreResult<T> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }
}

fn configure(conn: &Connection) -> CoreResult<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(CoreError::Store(format!(
            "could not switch the database to WAL (got {mode})"
        )));
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // On macOS a plain fsync does not reach the platter; ask for the full flush.
    #[cfg(target_os = "macos")]
    conn.pragma_update(None, "fullfsync", "ON")?;
    Ok(())
}

pub use audit::{append as audit_append, for_subject as audit_for_subject};
pub use orders::{insert_order, load_order, load_orders_with_status, set_order_status};
pub use packages::{insert_package, load_package, packages_for_sku};
pub use products::{insert_product, load_product};

/// Times are stored as RFC 3339 text in UTC; a row that does not parse is a store error, not a panic.
pub(crate) fn parse_time(
    text: &str,
    col: usize,
) -> rusqlite::Result<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&chrono::Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, Box::new(e))
        })
}

pub(crate) fn parse_date(text: &str, col: usize) -> rusqlite::Result<chrono::NaiveDate> {
    text.parse().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// One fixed-width text form for every stored time, so SQL `ORDER BY` on the text sorts by time.
pub fn fmt_time(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
