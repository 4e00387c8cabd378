//! Outbox rows as the worker sees them, and the state changes it makes to them.

use crate::ports::{TraceOp, TraceReceipt};
use crate::store::{fmt_time, parse_time};
use crate::{CoreError, CoreResult};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

#[derive(Debug, Clone, PartialEq)]
pub struct OutboxRow {
    pub id: i64,
    pub package: String,
    pub op: TraceOp,
    pub created_at: DateTime<Utc>,
    pub actor: String,
    pub state: String,
    pub attempts: i64,
    pub next_try_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    /// The op may have reached the state system: read back before any resend.
    pub in_flight: bool,
    pub since_txn: Option<i64>,
    pub receipt: Option<TraceReceipt>,
}

const COLUMNS: &str = "id, package, op, created_at, actor, state, attempts, next_try_at, last_error, in_flight, since_txn, receipt";

fn from_row(r: &Row<'_>) -> rusqlite::Result<OutboxRow> {
    let op: String = r.get(2)?;
    let created: String = r.get(3)?;
    let next: Option<String> = r.get(7)?;
    let receipt: Option<String> = r.get(11)?;
    let json_err = |col: usize, e: serde_json::Error| {
        rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, Box::new(e))
    };
    Ok(OutboxRow {
        id: r.get(0)?,
        package: r.get(1)?,
        op: serde_json::from_str(&op).map_err(|e| json_err(2, e))?,
        created_at: parse_time(&created, 3)?,
        actor: r.get(4)?,
        state: r.get(5)?,
        attempts: r.get(6)?,
        next_try_at: next.map(|t| parse_time(&t, 7)).transpose()?,
        last_error: r.get(8)?,
        in_flight: r.get(9)?,
        since_txn: r.get(10)?,
        receipt: receipt
            .map(|t| serde_json::from_str(&t).map_err(|e| json_err(11, e)))
            .transpose()?,
    })
}

pub fn load_row(conn: &Connection, id: i64) -> CoreResult<Option<OutboxRow>> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM outbox WHERE id = ?1"),
        [id],
        from_row,
    )
    .optional()
    .map_err(Into::into)
}

/// The ops at the head of their package's queue: nothing earlier on the same package (or on the
/// split that creates it) is pending or in review. Oldest first.
const HEADS: &str = "FROM outbox o
     JOIN (SELECT package, MIN(id) AS id FROM outbox
           WHERE state IN ('pending','review') GROUP BY package) h ON o.id = h.id
     WHERE o.state = 'pending'
       AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.also_package = o.package
                       AND p.id < o.id AND p.state IN ('pending','review'))";

/// Head ops that are due at `now`, oldest first, at most `limit`.
pub(crate) fn due_heads(
    conn: &Connection,
    now: DateTime<Utc>,
    limit: usize,
) -> CoreResult<Vec<OutboxRow>> {
    let cols = COLUMNS
        .split(", ")
        .map(|c| format!("o.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {cols} {HEADS} AND (o.next_try_at IS NULL OR o.next_try_at <= ?1)
         ORDER BY o.id LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![fmt_time(now), limit as i64], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// When the earliest head op that is waiting out a backoff becomes due.
pub(crate) fn next_due(conn: &Connection) -> CoreResult<Option<DateTime<Utc>>> {
    let t: Option<String> =
        conn.query_row(&format!("SELECT MIN(o.next_try_at) {HEADS}"), [], |r| {
            r.get(0)
        })?;
    Ok(t.map(|t| parse_time(&t, 0)).transpose()?)
}

/// Committed before the op is sent, so a crash or a lost reply is followed by a read-back.
pub(crate) fn mark_in_flight(conn: &Connection, id: i64, since: i64) -> CoreResult<()> {
    conn.execute(
        "UPDATE outbox SET in_flight = 1, since_txn = COALESCE(since_txn, ?2)
         WHERE id = ?1 AND state = 'pending'",
        params![id, since],
    )?;
    Ok(())
}

pub(crate) fn mark_done(
    conn: &Connection,
    id: i64,
    receipt: &TraceReceipt,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    let json = serde_json::to_string(receipt).map_err(|e| CoreError::Invalid(e.to_string()))?;
    conn.execute(
        "UPDATE outbox SET state = 'done', in_flight = 0, receipt = ?2, done_at = ?3,
                next_try_at = NULL, last_error = NULL
         WHERE id = ?1",
        params![id, json, fmt_time(now)],
    )?;
    Ok(())
}

/// Schedules another try and counts the failed one (the backoff grows with the count). `maybe_applied` keeps the in-flight mark (ambiguous failure) so the next
/// try starts with a read-back; otherwise the state system certainly did not apply the op.
pub(crate) fn mark_retry(
    conn: &Connection,
    id: i64,
    error: &str,
    at: DateTime<Utc>,
    maybe_applied: bool,
) -> CoreResult<()> {
    conn.execute(
        "UPDATE outbox SET next_try_at = ?2, last_error = ?3, attempts = attempts + 1,
                in_flight = CASE WHEN ?4 THEN in_flight ELSE 0 END
         WHERE id = ?1",
        params![id, fmt_time(at), error, maybe_applied],
    )?;
    Ok(())
}

/// A read-back showed the op did not take effect: the next send starts clean.
pub(crate) fn clear_in_flight(conn: &Connection, id: i64) -> CoreResult<()> {
    conn.execute("UPDATE outbox SET in_flight = 0 WHERE id = ?1", [id])?;
    Ok(())
}

/// Puts an op in front of a manager. `maybe_applied` keeps the in-flight mark (the refusal came
/// from a read-back, not from the op itself), so a retry reads back again before any resend.
pub(crate) fn mark_review(
    conn: &Connection,
    id: i64,
    error: &str,
    maybe_applied: bool,
) -> CoreResult<()> {
    conn.execute(
        "UPDATE outbox SET state = 'review', last_error = ?2, next_try_at = NULL,
                in_flight = CASE WHEN ?3 THEN in_flight ELSE 0 END
         WHERE id = ?1",
        params![id, error, maybe_applied],
    )?;
    Ok(())
}

/// The highest state transaction id any receipt holds: every op done so far happened at or before it.
pub(crate) fn max_receipt_txn(conn: &Connection) -> CoreResult<i64> {
    Ok(conn.query_row(
        "SELECT COALESCE(MAX(json_extract(receipt, '$.transaction_id')), 0)
         FROM outbox WHERE state = 'done'",
        [],
        |r| r.get(0),
    )?)
}

/// Ops waiting to be sent (pending, not in review).
pub(crate) fn pending_count(conn: &Connection) -> CoreResult<u64> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM outbox WHERE state = 'pending'",
        [],
        |r| r.get::<_, i64>(0),
    )? as u64)
}

/// "Sync now": every pending op waiting out a backoff becomes due at `now`. In-flight ops keep
/// their mark, so the worker still reads them back before any resend. Returns how many ops wait.
pub fn retry_now(tx: &Connection, now: DateTime<Utc>) -> CoreResult<u32> {
    let now = fmt_time(now);
    tx.execute(
        "UPDATE outbox SET next_try_at = ?1 WHERE state = 'pending' AND next_try_at > ?1",
        params![now],
    )?;
    Ok(u32::try_from(pending_count(tx)?).unwrap_or(u32::MAX))
}
