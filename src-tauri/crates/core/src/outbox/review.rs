//! The review queue: ops the state system refused. Each holds the later ops on its package until a
//! manager retries it, edits it or discards it, always with a reason that goes into the audit log.

use super::{load_row, op_also_package, op_package};
use crate::ports::TraceOp;
use crate::store::{AuditRecord, audit_append, fmt_time, parse_time};
use crate::{CoreError, CoreResult};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;

/// A refused op as the review screen shows it, with the state system's own words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewItem {
    pub id: i64,
    pub package: String,
    pub op: TraceOp,
    pub created_at: DateTime<Utc>,
    pub actor: String,
    pub error: String,
    /// Later ops on the same package waiting behind this one.
    pub held_behind: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Resolution {
    /// Send it again unchanged (the cause was fixed in the state system).
    Retry,
    /// Send this corrected op instead. It must concern the same package.
    Edit(TraceOp),
    /// Drop it: it was entered by hand in the state system, or is no longer wanted.
    Discard,
}

pub fn review_queue(conn: &Connection) -> CoreResult<Vec<ReviewItem>> {
    let mut stmt = conn.prepare(
        "SELECT o.id, o.package, o.op, o.created_at, o.actor, COALESCE(o.last_error, ''),
                (SELECT COUNT(*) FROM outbox l WHERE l.package = o.package AND l.id > o.id
                   AND l.state IN ('pending','review'))
         FROM outbox o WHERE o.state = 'review' ORDER BY o.id",
    )?;
    let rows = stmt.query_map([], |r| {
        let op: String = r.get(2)?;
        let created: String = r.get(3)?;
        Ok(ReviewItem {
            id: r.get(0)?,
            package: r.get(1)?,
            op: serde_json::from_str(&op).map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    2,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })?,
            created_at: parse_time(&created, 3)?,
            actor: r.get(4)?,
            error: r.get(5)?,
            held_behind: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Resolves a review item. Only an active enrolled manager may, and only with a reason.
pub fn resolve_review(
    tx: &Transaction<'_>,
    id: i64,
    resolution: &Resolution,
    manager_badge: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(CoreError::Invalid(
            "give a reason for resolving a refused BioTrack change".into(),
        ));
    }
    let role: Option<String> = tx
        .query_row(
            "SELECT role FROM agents WHERE badge = ?1 AND active = 1",
            [manager_badge],
            |r| r.get(0),
        )
        .optional()?;
    if role.as_deref() != Some("manager") {
        return Err(CoreError::Invalid(format!(
            "only a manager can resolve a refused BioTrack change (badge {manager_badge} is not an enrolled manager)"
        )));
    }
    let row = load_row(tx, id)?.ok_or_else(|| CoreError::NotFound {
        what: "outbox op",
        id: id.to_string(),
    })?;
    if row.state != "review" {
        return Err(CoreError::Invalid(format!(
            "outbox op {id} is not waiting for review (it is {})",
            row.state
        )));
    }
    let old = serde_json::to_string(&row.op).map_err(|e| CoreError::Invalid(e.to_string()))?;
    let (action, detail) = match resolution {
        Resolution::Retry => {
            tx.execute(
                "UPDATE outbox SET state = 'pending', attempts = 0, next_try_at = NULL,
                        since_txn = CASE WHEN in_flight = 1 THEN since_txn ELSE NULL END,
                        resolved_by = ?2 WHERE id = ?1",
                params![id, manager_badge],
            )?;
            ("outbox_retry", format!("reason: {reason}; op: {old}"))
        }
        Resolution::Edit(op) => {
            if row.in_flight {
                return Err(CoreError::Invalid(
                    "this change may already be in BioTrack: retry it first so VaultPick can check"
                        .into(),
                ));
            }
            if op_package(op) != row.package || op_also_package(op) != op_also_package(&row.op) {
                return Err(CoreError::Invalid(
                    "an edited change must concern the same package as the refused one".into(),
                ));
            }
            let new = serde_json::to_string(op).map_err(|e| CoreError::Invalid(e.to_string()))?;
            tx.execute(
                "UPDATE outbox SET state = 'pending', op = ?2, attempts = 0, next_try_at = NULL,
                        since_txn = NULL, resolved_by = ?3 WHERE id = ?1",
                params![id, new, manager_badge],
            )?;
            (
                "outbox_edit",
                format!("reason: {reason}; was: {old}; now: {new}"),
            )
        }
        Resolution::Discard => {
            tx.execute(
                "UPDATE outbox SET state = 'discarded', done_at = ?2, resolved_by = ?3 WHERE id = ?1",
                params![id, fmt_time(now), manager_badge],
            )?;
            if let Some(uid) = op_also_package(&row.op) {
                super::pool::release(tx, uid)?;
            }
            ("outbox_discard", format!("reason: {reason}; op: {old}"))
        }
    };
    audit_append(
        tx,
        now,
        AuditRecord {
            actor: manager_badge,
            action,
            subject: &row.package,
            detail: &detail,
        },
    )?;
    Ok(())
}
