//! Shared by the outbox system tests and helper binaries: the BioTrack sandbox with a vault of bulk
//! lots, a client for it, a seeded generator of ops, and the exactly-once check against the
//! sandbox's ledger.

#![allow(dead_code)] // each test binary uses a different subset

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::BTreeMap;
use std::time::Duration;
use vaultpick_core::Store;
use vaultpick_core::domain::{Quantity, Uid};
use vaultpick_core::outbox::{WorkerConfig, enqueue};
use vaultpick_core::ports::{AdjustReason, Sensitive, TraceOp};
use vaultpick_sandbox::biotrack::{
    BioTrackSandbox, LedgerEntry, TRAINING_LICENSE, TRAINING_LOCATION, TRAINING_PASSWORD,
    TRAINING_ROOM_PENDING_SALE, TRAINING_ROOM_QUARANTINE, TRAINING_ROOM_VAULT, TRAINING_USER,
    TrainingPackage, training_dataset,
};
use vaultpick_trace::{BioTrackClient, BioTrackSettings, Credentials, RoomIds};

pub type TestResult = Result<(), Box<dyn std::error::Error>>;

/// The seed for a randomised test: `env` overrides `default`; printed so a failure can be replayed.
pub fn seed(env: &str, default: u64) -> u64 {
    let seed = std::env::var(env)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    println!("seed {seed} (override with {env}=N)");
    seed
}

/// Each bulk lot starts with 10 kg: far more than any test weighs out of it.
pub const LOT_MG: i64 = 10_000_000;

/// 16-digit ids in the training company's range.
pub fn package_uid(i: usize) -> String {
    format!("{TRAINING_LICENSE}{:07}", 5_000_000 + i)
}

/// Starts the sandbox on a free loopback port with `packages` bulk lots in the vault.
pub async fn start_sandbox(packages: usize) -> Result<BioTrackSandbox, Box<dyn std::error::Error>> {
    let sandbox = BioTrackSandbox::start("127.0.0.1:0".parse()?).await?;
    let lots: Vec<TrainingPackage> = (0..packages)
        .map(|i| TrainingPackage {
            uid: package_uid(i),
            product_name: format!("Bulk lot {i}"),
            quantity: LOT_MG,
            unit: "mg".into(),
            room: "vault".into(),
        })
        .collect();
    sandbox.load(&training_dataset(&lots))?;
    Ok(sandbox)
}

pub fn settings(base_url: &str) -> BioTrackSettings {
    let rooms = RoomIds {
        vault: TRAINING_ROOM_VAULT,
        pending_sale: TRAINING_ROOM_PENDING_SALE,
        quarantine: TRAINING_ROOM_QUARANTINE,
    };
    BioTrackSettings::sandbox(base_url, TRAINING_LICENSE, TRAINING_LOCATION, rooms)
}

pub fn client(base_url: &str) -> Result<BioTrackClient, Box<dyn std::error::Error>> {
    Ok(BioTrackClient::new(
        settings(base_url),
        Credentials {
            username: TRAINING_USER.into(),
            password: Sensitive::new(TRAINING_PASSWORD.into()),
        },
    )?)
}

/// A worker tuned for tests: short backoff (so faults cost milliseconds), seeded jitter.
pub fn fast_worker(seed: u64, lanes: usize) -> WorkerConfig {
    WorkerConfig {
        lanes,
        backoff_base: Duration::from_millis(5),
        backoff_cap: Duration::from_millis(100),
        seed,
        idle_poll: Duration::from_millis(50),
        ..WorkerConfig::default()
    }
}

/// Generates ops the sandbox will accept in any order of application per package: moves always go
/// to the other room, splits take 1–5 g, adjustments set 6–9.9 kg (well above any later split).
pub struct OpGen {
    rng: StdRng,
    rooms: Vec<i64>,
}

impl OpGen {
    pub fn new(seed: u64, packages: usize) -> Self {
        OpGen {
            rng: StdRng::seed_from_u64(seed),
            rooms: vec![TRAINING_ROOM_VAULT; packages],
        }
    }

    pub fn next(&mut self) -> TraceOp {
        let i = self.rng.random_range(0..self.rooms.len());
        let uid = Uid(package_uid(i));
        match self.rng.random_range(0..10) {
            0..=3 => TraceOp::Split {
                from: uid,
                quantity: Quantity::milligrams(self.rng.random_range(1_000..=5_000)),
                new_uid: None,
            },
            4..=6 => {
                let room = if self.rooms[i] == TRAINING_ROOM_VAULT {
                    TRAINING_ROOM_PENDING_SALE
                } else {
                    TRAINING_ROOM_VAULT
                };
                self.rooms[i] = room;
                TraceOp::Move { uid, room }
            }
            _ => TraceOp::Adjust {
                uid,
                new_quantity: Quantity::milligrams(self.rng.random_range(6_000_000..9_900_000)),
                reason: AdjustReason::InventoryAudit,
                note: format!("count {}", self.rng.random_range(0..1_000_000)),
            },
        }
    }
}

/// Enqueues `ops` in one transaction, as a use case would.
pub fn enqueue_all(store: &Store, ops: &[TraceOp]) -> Result<(), vaultpick_core::CoreError> {
    let now = chrono::Utc::now();
    store.write(|tx| {
        for op in ops {
            enqueue(tx, op, "agent-7", now)?;
        }
        Ok(())
    })
}

/// One op as comparable text: action, package, and the value that makes it this op.
fn describe(op: &TraceOp) -> (String, String) {
    match op {
        TraceOp::Move { uid, room } => (uid.to_string(), format!("move {room}")),
        TraceOp::Split { from, quantity, .. } => {
            (from.to_string(), format!("split {}", quantity.amount))
        }
        TraceOp::Adjust {
            uid,
            new_quantity,
            note,
            ..
        } => (
            uid.to_string(),
            format!("adjust {} {note}", new_quantity.amount),
        ),
    }
}

/// BioTrack's decimal text ("3.5", 3.5 or "3.500") as thousandths.
fn thousandths(v: &serde_json::Value) -> Option<i64> {
    let text = match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let f: f64 = text.trim().parse().ok()?;
    Some((f * 1000.0).round() as i64)
}

fn field<'a>(row: &'a serde_json::Value, key: &str) -> Option<&'a serde_json::Value> {
    row.get(key)
}

/// The ledger's writes as the same text, per package, in the order BioTrack applied them.
fn ledger_by_package(ledger: &[LedgerEntry]) -> Result<BTreeMap<String, Vec<String>>, String> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for e in ledger {
        let data = e.request.get("data").cloned().unwrap_or_default();
        let row = match &data {
            serde_json::Value::Array(rows) if rows.len() == 1 => rows[0].clone(),
            serde_json::Value::Object(_) => data.clone(),
            _ => continue, // not an inventory write (e.g. id_preassign)
        };
        let uid = field(&row, "barcodeid")
            .and_then(|v| v.as_str())
            .ok_or_else(|| format!("ledger entry {} has no barcodeid: {}", e.seq, e.request))?
            .to_owned();
        let text = match e.action.as_str() {
            "inventory_move" => format!(
                "move {}",
                field(&row, "room")
                    .and_then(thousandths)
                    .map_or(-1, |t| t / 1000)
            ),
            "inventory_split" => format!(
                "split {}",
                field(&row, "remove_quantity")
                    .and_then(thousandths)
                    .unwrap_or(-1)
            ),
            "inventory_adjust" => format!(
                "adjust {} {}",
                field(&row, "quantity").and_then(thousandths).unwrap_or(-1),
                field(&row, "reason").and_then(|v| v.as_str()).unwrap_or("")
            ),
            _ => continue,
        };
        out.entry(uid).or_default().push(text);
    }
    Ok(out)
}

/// Every op in the outbox, per package, in the order enqueued (ids).
fn outbox_by_package(
    store: &Store,
) -> Result<BTreeMap<String, Vec<String>>, Box<dyn std::error::Error>> {
    let ops: Vec<String> = store.read(|c| {
        let mut s = c.prepare("SELECT op FROM outbox ORDER BY id")?;
        let rows = s.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<Vec<String>, _>>()?)
    })?;
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for json in ops {
        let op: TraceOp = serde_json::from_str(&json)?;
        let (pkg, text) = describe(&op);
        out.entry(pkg).or_default().push(text);
    }
    Ok(out)
}

/// The exactly-once check: per package, the ledger holds exactly the outbox's ops, in order — no
/// duplicate, no loss, no reordering. Returns the number of ops checked.
pub fn assert_exactly_once(
    store: &Store,
    ledger: &[LedgerEntry],
) -> Result<usize, Box<dyn std::error::Error>> {
    let want = outbox_by_package(store)?;
    let got = ledger_by_package(ledger)?;
    for (pkg, ops) in &want {
        let applied = got.get(pkg).cloned().unwrap_or_default();
        if &applied != ops {
            let first = ops
                .iter()
                .zip(&applied)
                .position(|(a, b)| a != b)
                .unwrap_or(ops.len().min(applied.len()));
            return Err(format!(
                "package {pkg}: outbox has {} ops, ledger applied {}; first difference at #{first}: want {:?}, got {:?}",
                ops.len(),
                applied.len(),
                ops.get(first),
                applied.get(first)
            )
            .into());
        }
    }
    for pkg in got.keys() {
        if !want.contains_key(pkg) {
            return Err(format!("the ledger has writes on {pkg}, which no op asked for").into());
        }
    }
    let states: Vec<(String, i64)> = store.read(|c| {
        let mut s = c.prepare("SELECT state, COUNT(*) FROM outbox GROUP BY state")?;
        let rows = s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    })?;
    if states.iter().any(|(s, _)| s != "done") {
        return Err(format!("outbox not fully drained: {states:?}").into());
    }
    Ok(want.values().map(Vec::len).sum())
}

/// `PRAGMA integrity_check` on a fresh connection.
pub fn integrity_ok(path: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    let conn = rusqlite::Connection::open(path)?;
    let result: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if result != "ok" {
        return Err(format!("integrity_check: {result}").into());
    }
    Ok(())
}
