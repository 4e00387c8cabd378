//! Orders enter VaultPick only here: a page of POS changes is checked against the catalogue and
//! saved with the feed cursor in one transaction. A bad order is refused (and audited) without
//! holding back the good ones.

use crate::domain::{Order, OrderLine, OrderStatus, Quantity, QuantityUnit};
use crate::ports::{PosError, PosFeed, PosOrder};
use crate::store::{self, AuditRecord, Store};
use crate::{Clock, CoreError, CoreResult};
use rusqlite::{Connection, OptionalExtension, params};

const CURSOR_KEY: &str = "pos_cursor";

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PosSyncReport {
    pub added: Vec<String>,
    pub cancelled: Vec<String>,
    /// Orders we could not take, with the reason in plain words.
    pub refused: Vec<(String, String)>,
}

#[derive(Debug, thiserror::Error)]
pub enum PosSyncError {
    #[error(transparent)]
    Feed(#[from] PosError),
    #[error(transparent)]
    Store(#[from] CoreError),
}

/// Pulls one page of changes from the POS and applies it.
pub fn poll_pos(
    store: &Store,
    feed: &dyn PosFeed,
    clock: &dyn Clock,
) -> Result<PosSyncReport, PosSyncError> {
    let cursor = store.read(read_cursor)?;
    let page = feed.changes_since(cursor.as_deref())?;
    let now = clock.now();
    let report = store.write(|tx| {
        let mut report = PosSyncReport::default();
        for pos in &page.orders {
            apply_one(tx, pos, now, &mut report)?;
        }
        tx.execute(
            "INSERT INTO sync_state (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![CURSOR_KEY, page.next_cursor],
        )?;
        Ok(report)
    })?;
    for (id, why) in &report.refused {
        tracing::warn!(order = %id, reason = %why, "POS order refused");
    }
    Ok(report)
}

fn read_cursor(conn: &Connection) -> CoreResult<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT value FROM sync_state WHERE key = ?1",
            [CURSOR_KEY],
            |r| r.get(0),
        )
        .optional()?)
}

fn apply_one(
    tx: &Connection,
    pos: &PosOrder,
    now: chrono::DateTime<chrono::Utc>,
    report: &mut PosSyncReport,
) -> CoreResult<()> {
    let existing = store::load_order(tx, &pos.id)?;
    match (existing, pos.cancelled) {
        (Some(order), true) if order.status == OrderStatus::Queued => {
            store::set_order_status(tx, &pos.id, OrderStatus::Cancelled)?;
            audit(
                tx,
                now,
                "pos_cancelled",
                &pos.id,
                "cancelled at the POS before it was claimed",
            )?;
            report.cancelled.push(pos.id.clone());
        }
        (Some(order), true) if order.status != OrderStatus::Cancelled => {
            // Already in a technician's hands: do not yank it; flag it for them instead.
            audit(
                tx,
                now,
                "pos_cancel_requested",
                &pos.id,
                "cancelled at the POS while being worked",
            )?;
        }
        (Some(_), _) | (None, true) => {}
        (None, false) => match to_order(tx, pos, now) {
            Ok(order) => {
                store::insert_order(tx, &order)?;
                audit(
                    tx,
                    now,
                    "pos_received",
                    &pos.id,
                    &format!("{} line(s)", order.lines.len()),
                )?;
                report.added.push(pos.id.clone());
            }
            Err(CoreError::Invalid(why)) => {
                audit(tx, now, "pos_refused", &pos.id, &why)?;
                report.refused.push((pos.id.clone(), why));
            }
            Err(other) => return Err(other),
        },
    }
    Ok(())
}

fn audit(
    tx: &Connection,
    now: chrono::DateTime<chrono::Utc>,
    action: &str,
    subject: &str,
    detail: &str,
) -> CoreResult<()> {
    store::audit_append(
        tx,
        now,
        AuditRecord {
            actor: "pos",
            action,
            subject,
            detail,
        },
    )?;
    Ok(())
}

/// Checks a POS order against the catalogue; the error says exactly what is wrong.
fn to_order(
    conn: &Connection,
    pos: &PosOrder,
    now: chrono::DateTime<chrono::Utc>,
) -> CoreResult<Order> {
    let invalid = |why: String| CoreError::Invalid(why);
    if pos.id.trim().is_empty() {
        return Err(invalid("the order has no id".into()));
    }
    if pos.customer_name.trim().is_empty() {
        return Err(invalid("the order has no customer name".into()));
    }
    if pos.lines.is_empty() {
        return Err(invalid("the order has no lines".into()));
    }
    let mut lines = Vec::with_capacity(pos.lines.len());
    for (i, line) in pos.lines.iter().enumerate() {
        let n = i + 1;
        let product = store::load_product(conn, &line.sku)?.ok_or_else(|| {
            invalid(format!(
                "line {n}: product {} is not in the catalogue",
                line.sku
            ))
        })?;
        let wanted = match (product.unit, line.count, line.weight_mg) {
            (QuantityUnit::Each, Some(c), None) if c > 0 => Quantity::units(c),
            (QuantityUnit::Milligram, None, Some(w)) if w > 0 => Quantity::milligrams(w),
            (QuantityUnit::Each, ..) => {
                return Err(invalid(format!(
                    "line {n}: {} is sold by the unit; give a positive count",
                    line.sku
                )));
            }
            (QuantityUnit::Milligram, ..) => {
                return Err(invalid(format!(
                    "line {n}: {} is weighed out; give a positive weight",
                    line.sku
                )));
            }
        };
        lines.push(OrderLine {
            line_no: n as i64,
            sku: line.sku.clone(),
            wanted,
        });
    }
    Ok(Order {
        pos_id: pos.id.clone(),
        customer: pos.customer_name.clone(),
        channel: pos.channel,
        promised_at: pos.promised_at,
        express: pos.express,
        status: OrderStatus::Queued,
        lines,
        claimed_by: None,
        station: None,
        pause_reason: None,
        received_at: now,
    })
}
