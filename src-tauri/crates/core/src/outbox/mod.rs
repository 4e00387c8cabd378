//! The durable outbox of state-system changes.
//!
//! A use case calls [`enqueue`] inside the same transaction as its local change, so either both are
//! saved or neither is. A worker drains the table later, exactly once per op.

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

/// Adds an op to the outbox inside the caller's transaction. Returns the op's id.
pub fn enqueue(
    tx: &Transaction<'_>,
    op: &TraceOp,
    actor: &str,
    now: DateTime<Utc>,
) -> CoreResult<i64> {
    let json = serde_json::to_string(op).map_err(|e| CoreError::Invalid(e.to_string()))?;
    tx.execute(
        "INSERT INTO outbox (package, op, created_at, actor) VALUES (?1, ?2, ?3, ?4)",
        params![op_package(op), json, crate::store::fmt_time(now), actor],
    )?;
    Ok(tx.last_insert_rowid())
}
