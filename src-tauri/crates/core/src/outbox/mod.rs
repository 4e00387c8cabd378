//! The durable outbox of state-system changes.
//!
//! A use case calls [`enqueue`] inside the same transaction as its local change, so either both are
//! saved or neither is. A [`worker`] drains the table later: in order per package, with backoff and
//! jitter, marking each op in flight before it is sent and reading back after an ambiguous failure or
//! a crash, so that each op takes effect in the state system exactly once.
//!
//! Row states: `pending` (waiting or being retried; `in_flight = 1` means it may have reached the
//! state system), `done`, `review` (refused; holds later ops on its package until a manager
//! resolves it), `discarded` (a manager dropped it, with a reason in the audit log).

mod backoff;
mod pool;
mod review;
mod rows;
mod status;
mod worker;

pub use backoff::Backoff;
pub use pool::{free_preassigned, refill_pool, take_preassigned};
pub use review::{Resolution, ReviewItem, resolve_review, review_queue};
pub use rows::{OutboxRow, load_row, retry_now};
pub use status::{DeadlineAlarm, DeadlinePolicy, OutboxStatus, outbox_status};
pub use worker::{OutboxHandle, Progress, WorkerConfig, spawn_worker};

use crate::ports::TraceOp;
use crate::{CoreError, CoreResult};
use chrono::{DateTime, Utc};
use rusqlite::{Transaction, params};

/// The package an op belongs to: ops on one package are applied strictly in the order enqueued.
pub fn op_package(op: &TraceOp) -> &str {
    match op {
        TraceOp::Move { uid, .. } | TraceOp::Adjust { uid, .. } => uid.as_str(),
        TraceOp::Split { from, .. } => from.as_str(),
    }
}

/// A second package an op orders: a split into a pre-assigned id must reach the state system before
/// any op on the new package does.
fn op_also_package(op: &TraceOp) -> Option<&str> {
    match op {
        TraceOp::Split {
            new_uid: Some(uid), ..
        } => Some(uid.as_str()),
        _ => None,
    }
}

/// Adds an op to the outbox inside the caller's transaction. Returns the op's id.
pub fn enqueue(
    tx: &Transaction<'_>,
    op: &TraceOp,
    actor: &str,
    now: DateTime<Utc>,
) -> CoreResult<i64> {
    let json = serde_json::to_string(op).map_err(|e| CoreError::Invalid(e.to_string()))?;
    tx.execute(
        "INSERT INTO outbox (package, also_package, op, created_at, actor) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            op_package(op),
            op_also_package(op),
            json,
            crate::store::fmt_time(now),
            actor
        ],
    )?;
    let id = tx.last_insert_rowid();
    if let Some(uid) = op_also_package(op) {
        tx.execute(
            "UPDATE uid_pool SET taken_by_op = ?2 WHERE uid = ?1",
            params![uid, id],
        )?;
    }
    Ok(id)
}

#[cfg(test)]
mod tests;
