//! A process for crash tests to kill -9 at a known point.
//!
//! `migrate-and-hang FILE`: applies every pending migration of this build inside one transaction,
//! as the store does, prints "migrating", and waits to be killed before it can commit.

use rusqlite::{Connection, TransactionBehavior};
use std::io::Write;
use vaultpick_core::store::migrations::{self, MIGRATIONS};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(mode), Some(path)) = (args.get(1), args.get(2)) else {
        return Err("usage: vaultpick-crash-child migrate-and-hang FILE".into());
    };
    if mode != "migrate-and-hang" {
        return Err(format!("unknown mode {mode}").into());
    }
    let mut conn = Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    let from = migrations::schema_version(&conn)? as usize;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive)?;
    for sql in &MIGRATIONS[from..] {
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "user_version", MIGRATIONS.len() as i64)?;
    println!("migrating");
    std::io::stdout().flush()?;
    loop {
        std::thread::sleep(std::time::Duration::from_secs(60));
    }
}
