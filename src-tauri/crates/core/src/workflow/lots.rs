//! Carving a new lot out of an existing one, as the weigh-out (a portion of bulk flower) and the
//! commit (the units an order takes from a larger lot) both do: take a pre-assigned id, insert the
//! new package, take its quantity off the source lot, and queue the state system's split.

use super::WorkflowResult;
use crate::CoreError;
use crate::domain::{Package, Uid};
use crate::outbox;
use crate::ports::TraceOp;
use crate::store;
use chrono::{DateTime, Utc};
use rusqlite::{Transaction, params};

/// The next pre-assigned id, or why there is none (`Ok(Err(why))`, for the caller's refusal). An id
/// that already names a package is an error, so the transaction rolls back and the id is not spent.
pub(super) fn take_pool_id(
    tx: &Transaction<'_>,
    now: DateTime<Utc>,
) -> WorkflowResult<Result<Uid, String>> {
    let uid = match outbox::take_preassigned(tx, now) {
        Ok(uid) => uid,
        Err(CoreError::Invalid(why)) => return Ok(Err(why)),
        Err(e) => return Err(e.into()),
    };
    if store::load_package(tx, uid.as_str())?.is_some() {
        return Err(super::WorkflowError::Invalid(format!(
            "pre-assigned id {uid} is already a package; the pool needs a manager's look"
        )));
    }
    Ok(Ok(uid))
}

/// Inserts `new`, takes its quantity off `from`, and queues the split (into `new`'s id when it was
/// pre-assigned; otherwise the state system mints one). Returns the outbox op's id.
pub(super) fn split_lot(
    tx: &Transaction<'_>,
    from: &Package,
    new: &Package,
    preassigned: bool,
    agent: &str,
    now: DateTime<Utc>,
) -> WorkflowResult<i64> {
    store::insert_package(tx, new)?;
    tx.execute(
        "UPDATE packages SET quantity = quantity - ?2 WHERE uid = ?1",
        params![from.uid.as_str(), new.quantity.amount],
    )?;
    let split = TraceOp::Split {
        from: from.uid.clone(),
        quantity: new.quantity,
        new_uid: preassigned.then(|| new.uid.clone()),
    };
    Ok(outbox::enqueue(tx, &split, agent, now)?)
}
