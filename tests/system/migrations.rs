//! The store opens old files, refuses newer ones untouched, and an interrupted or failing
//! upgrade leaves the previous schema and its data intact.

mod support;

use rusqlite::Connection;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use vaultpick_core::store::{DB_FILE, SCHEMA_VERSION, migrations};
use vaultpick_core::{CoreError, Store};

const V1_FIXTURE: &str = include_str!("fixtures/schema-v1.sql");

fn v1_database(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join(DB_FILE);
    let conn = Connection::open(&path).expect("create v1 file");
    conn.execute_batch(V1_FIXTURE).expect("load v1 fixture");
    path
}

fn count(conn: &Connection, table: &str) -> i64 {
    conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .expect("count rows")
}

#[test]
fn a_fresh_database_gets_the_current_schema_and_durable_settings() {
    let t = support::temp_store();
    t.store
        .read(|c| {
            let mode: String = c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
            let sync: i64 = c.query_row("PRAGMA synchronous", [], |r| r.get(0))?;
            let fks: i64 = c.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
            let busy: i64 = c.query_row("PRAGMA busy_timeout", [], |r| r.get(0))?;
            assert_eq!(mode, "wal");
            assert_eq!(sync, 2, "synchronous must be FULL");
            assert_eq!(fks, 1, "foreign keys must be enforced");
            assert!(busy >= 1000, "busy timeout too short: {busy} ms");
            assert_eq!(migrations::schema_version(c)?, SCHEMA_VERSION);
            Ok(())
        })
        .expect("read pragmas");
}

#[test]
fn a_schema_v1_file_upgrades_and_keeps_every_order_pick_package_and_audit_entry() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = v1_database(dir.path());
    let store = Store::open(&path).expect("upgrade v1");
    store
        .read(|c| {
            assert_eq!(migrations::schema_version(c)?, SCHEMA_VERSION);
            assert_eq!(
                (
                    count(c, "orders"),
                    count(c, "order_lines"),
                    count(c, "picks")
                ),
                (1, 2, 2)
            );
            assert_eq!((count(c, "packages"), count(c, "audit_log")), (2, 2));
            assert_eq!(
                count(c, "outbox"),
                0,
                "the v2 outbox table exists and starts empty"
            );
            Ok(())
        })
        .expect("inspect upgraded file");
    let order = store
        .read(|c| vaultpick_core::store::load_order(c, "POS-9001"))
        .expect("load")
        .expect("order kept");
    assert_eq!(order.customer, "Jane Doe");
    assert_eq!(order.lines.len(), 2);
    assert_eq!(order.lines[0].wanted.to_string(), "3.50 g");
    let audit = store
        .read(|c| vaultpick_core::store::audit_for_subject(c, "POS-9001"))
        .expect("audit");
    assert_eq!(
        audit.iter().map(|a| a.action.as_str()).collect::<Vec<_>>(),
        ["pos_received", "staged"]
    );
}

#[test]
fn a_database_from_a_newer_app_is_refused_and_left_byte_for_byte_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(DB_FILE);
    {
        let conn = Connection::open(&path).expect("create");
        conn.execute_batch("CREATE TABLE future (x); INSERT INTO future VALUES (1);")
            .expect("future data");
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .expect("bump version");
    }
    let before = std::fs::read(&path).expect("read file");
    match Store::open(&path) {
        Err(CoreError::NewerSchema { found, supported }) => {
            assert_eq!((found, supported), (SCHEMA_VERSION + 1, SCHEMA_VERSION));
        }
        Err(other) => panic!("expected a newer-schema refusal, got: {other}"),
        Ok(_) => panic!("a newer database must be refused"),
    }
    assert!(
        std::fs::read(&path).expect("read file") == before,
        "the refused file must not change"
    );
    let message = Store::open(&path)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        message.contains("newer VaultPick") && message.contains("untouched"),
        "{message}"
    );
}

#[test]
fn a_failing_upgrade_rolls_back_to_the_old_schema_with_its_data() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = v1_database(dir.path());
    // A stray table in the way of migration 2 (say, from a hand repair) makes the upgrade fail.
    Connection::open(&path)
        .expect("open")
        .execute_batch("CREATE TABLE outbox (junk TEXT);")
        .expect("stray table");
    let err = Store::open(&path).err().expect("the upgrade must fail");
    assert!(err.to_string().contains("rolled back"), "{err}");
    let conn = Connection::open(&path).expect("reopen");
    assert_eq!(migrations::schema_version(&conn).expect("version"), 1);
    assert_eq!(count(&conn, "orders"), 1);
    let partial: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE name = 'sync_state'",
            [],
            |r| r.get(0),
        )
        .expect("schema query");
    assert_eq!(partial, 0, "nothing of the failed migration may remain");
}

#[test]
fn an_upgrade_killed_mid_transaction_leaves_v1_and_upgrades_cleanly_next_time() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = v1_database(dir.path());
    let mut child = Command::new(env!("CARGO_BIN_EXE_vaultpick-crash-child"))
        .arg("migrate-and-hang")
        .arg(&path)
        .stdout(Stdio::piped())
        .spawn()
        .expect("start crash child");
    let stdout = child.stdout.take().expect("child stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("child reports progress");
    assert_eq!(
        line.trim(),
        "migrating",
        "child must be inside the upgrade transaction"
    );
    child.kill().expect("kill -9 the child"); // SIGKILL on Unix: no destructors, no rollback call
    child.wait().expect("reap child");

    let conn = Connection::open(&path).expect("reopen after crash");
    assert_eq!(migrations::schema_version(&conn).expect("version"), 1);
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity");
    assert_eq!(check, "ok");
    drop(conn);
    let store = Store::open(&path).expect("upgrade after the crash");
    let orders = store.read(|c| Ok(count(c, "orders"))).expect("count");
    assert_eq!(orders, 1);
}
