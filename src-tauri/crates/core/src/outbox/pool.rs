//! Pre-assigned package ids for weigh-outs made while the state system is unreachable.
//!
//! While online the worker keeps a pool of ids the state system reserved for us (BioTrack's
//! `id_preassign`). An offline split takes one in the same transaction as its outbox row, so the
//! new package has its state id on its label at once, and the outbox submits the split with it.
//! Whether a state accepts splits into pre-assigned ids must be confirmed state by state.

use crate::domain::Uid;
use crate::ports::TraceSystem;
use crate::store::{Store, fmt_time};
use crate::trace_sync::SyncError;
use crate::{CoreError, CoreResult};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use std::collections::HashSet;

/// Takes a free pre-assigned id inside the caller's transaction (the one that also enqueues the
/// split). Refuses, with words a technician can act on, when the pool is empty.
pub fn take_preassigned(tx: &Transaction<'_>, now: DateTime<Utc>) -> CoreResult<Uid> {
    let uid: Option<String> = tx
        .query_row(
            "SELECT uid FROM uid_pool WHERE taken_at IS NULL ORDER BY uid LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let Some(uid) = uid else {
        return Err(CoreError::Invalid(
            "no pre-assigned package ids are left for an offline weigh-out: wait until BioTrack is \
             reachable again, or weigh out a sealed unit instead"
                .into(),
        ));
    };
    tx.execute(
        "UPDATE uid_pool SET taken_at = ?2 WHERE uid = ?1",
        params![uid, fmt_time(now)],
    )?;
    Ok(Uid(uid))
}

/// How many pre-assigned ids are free to take.
pub fn free_preassigned(conn: &Connection) -> CoreResult<u32> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM uid_pool WHERE taken_at IS NULL",
        [],
        |r| r.get(0),
    )?)
}

/// Brings the pool up to `target` free ids. First lists what the state system still holds for us
/// (so ids reserved by a call whose reply was lost are found again, not reserved twice), then
/// reserves only the shortfall. Returns the number of free ids afterwards.
pub async fn refill_pool<T: TraceSystem>(
    store: &Store,
    trace: &T,
    target: u32,
    now: DateTime<Utc>,
) -> Result<u32, SyncError> {
    let held = trace.reserved_ids().await?;
    let free = store.write(|tx| record_held(tx, &held, now))?;
    if free >= target {
        return Ok(free);
    }
    // After an ambiguous failure the reservation may have happened: the next refill lists it
    // with `reserved_ids` rather than reserving again.
    let fresh = trace.reserve_ids(target - free).await?;
    Ok(store.write(|tx| {
        for uid in &fresh {
            tx.execute(
                "INSERT OR IGNORE INTO uid_pool (uid, fetched_at) VALUES (?1, ?2)",
                params![uid.as_str(), fmt_time(now)],
            )?;
        }
        free_preassigned(tx)
    })?)
}

/// Mirrors the state system's list of unused reserved ids into the pool: new ones become free, free
/// ones the state system no longer holds are dropped. Taken ids stay (their split is queued).
fn record_held(tx: &Transaction<'_>, held: &[Uid], now: DateTime<Utc>) -> CoreResult<u32> {
    let held_set: HashSet<&str> = held.iter().map(Uid::as_str).collect();
    for uid in held {
        tx.execute(
            "INSERT OR IGNORE INTO uid_pool (uid, fetched_at) VALUES (?1, ?2)",
            params![uid.as_str(), fmt_time(now)],
        )?;
    }
    let free: Vec<String> = {
        let mut stmt = tx.prepare("SELECT uid FROM uid_pool WHERE taken_at IS NULL")?;
        stmt.query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?
    };
    for uid in free.iter().filter(|u| !held_set.contains(u.as_str())) {
        tx.execute("DELETE FROM uid_pool WHERE uid = ?1", [uid])?;
    }
    free_preassigned(tx)
}

/// A discarded split gives its pre-assigned id back to the pool.
pub(crate) fn release(conn: &Connection, uid: &str) -> CoreResult<()> {
    conn.execute(
        "UPDATE uid_pool SET taken_at = NULL, taken_by_op = NULL WHERE uid = ?1",
        [uid],
    )?;
    Ok(())
}
