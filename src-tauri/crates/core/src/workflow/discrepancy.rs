//! The "on the shelf but empty in the state system" drill: the package is quarantined at once (status
//! and a queued move to the quarantine room), the order pauses, the audit log records it, and the
//! Inventory Manager gets a notification to investigate — nothing is adjusted automatically.

use super::scan::{audit, state_system_has};
use super::{
    Action, ScannedCode, Workflow, WorkflowError, WorkflowResult, machine, normalize_scan,
};
use crate::domain::{OrderStatus, Uid};
use crate::outbox;
use crate::ports::TraceOp;
use crate::store::{self, Store};
use crate::{Clock, CoreResult};
use chrono::{DateTime, Utc};
use rusqlite::params;
use serde::Serialize;

/// Who a notification is for.
pub const INVENTORY_MANAGER: &str = "inventory_manager";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DiscrepancyReport {
    pub uid: Uid,
    /// The order was paused (it was being worked); false if it was not in a pausable state.
    pub order_paused: bool,
    pub notification_id: i64,
    pub outbox_op: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Notification {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub audience: String,
    pub kind: String,
    pub subject: String,
    pub order_id: Option<String>,
    pub message: String,
    pub raised_by: String,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub acknowledged_by: Option<String>,
}

impl Workflow<'_> {
    /// Quarantines a package the state system shows empty (or does not know after a sync), pauses the
    /// order it was scanned for, and tells the Inventory Manager. Refused if the state system does
    /// show stock for it: then there is no discrepancy to report.
    pub fn report_state_discrepancy(
        &self,
        order: &str,
        scanned: &str,
        agent: &str,
    ) -> WorkflowResult<DiscrepancyReport> {
        let ScannedCode::Id(id) = normalize_scan(scanned) else {
            return Err(WorkflowError::Invalid(
                "scan the package's UID label".into(),
            ));
        };
        let now = self.now();
        self.write(|tx| {
            let pkg = store::load_package(tx, &id)?.ok_or_else(|| WorkflowError::NotFound { what: "package", id: id.clone() })?;
            if state_system_has(tx, pkg.state_quantity, 1)? {
                return Err(WorkflowError::Invalid(format!(
                    "the state system shows {} for {}: there is no discrepancy to report",
                    pkg.state_quantity.unwrap_or_default(),
                    pkg.uid
                )));
            }
            let shown = match pkg.state_quantity {
                Some(q) => format!("shows {q}"),
                None => "does not list it".to_owned(),
            };
            let reason = format!("package {} is on the shelf ({}) but the state system {shown}", pkg.uid, pkg.quantity);
            let (status, _) = machine::current(tx, order)?;
            let order_paused = matches!(status, OrderStatus::Claimed | OrderStatus::Picking | OrderStatus::Verifying);
            if order_paused {
                machine::apply(tx, order, Action::Pause, self.actor(agent, Some(&reason)), now)?;
            }
            tx.execute("UPDATE packages SET status = 'quarantined' WHERE uid = ?1", [pkg.uid.as_str()])?;
            let outbox_op = outbox::enqueue(tx, &TraceOp::Move { uid: pkg.uid.clone(), room: self.settings.quarantine_room }, agent, now)?;
            audit(tx, now, agent, "quarantined_discrepancy", pkg.uid.as_str(), &format!("{reason}; found on order {order} at {}", pkg.location))?;
            tx.execute(
                "INSERT INTO notifications (at, audience, kind, subject, order_id, message, raised_by)
                 VALUES (?1, ?2, 'state_discrepancy', ?3, ?4, ?5, ?6)",
                params![
                    store::fmt_time(now),
                    INVENTORY_MANAGER,
                    pkg.uid.as_str(),
                    order,
                    format!("{reason}. It is quarantined at {}; check the count and the state record before any adjustment.", pkg.location),
                    agent
                ],
            )?;
            Ok(DiscrepancyReport { uid: pkg.uid, order_paused, notification_id: tx.last_insert_rowid(), outbox_op })
        })
    }
}

/// Notifications, newest first; acknowledged ones only when asked for.
pub fn notifications(store: &Store, include_acknowledged: bool) -> CoreResult<Vec<Notification>> {
    store.read(|c| {
        let mut stmt = c.prepare(
            "SELECT id, at, audience, kind, subject, order_id, message, raised_by, acknowledged_at, acknowledged_by
             FROM notifications WHERE ?1 OR acknowledged_at IS NULL ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([include_acknowledged], |r| {
            let at: String = r.get(1)?;
            let ack: Option<String> = r.get(8)?;
            Ok(Notification {
                id: r.get(0)?,
                at: store::parse_time(&at, 1)?,
                audience: r.get(2)?,
                kind: r.get(3)?,
                subject: r.get(4)?,
                order_id: r.get(5)?,
                message: r.get(6)?,
                raised_by: r.get(7)?,
                acknowledged_at: ack.map(|a| store::parse_time(&a, 8)).transpose()?,
                acknowledged_by: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    })
}

/// Marks a notification as seen by `agent`. Returns false if it was already acknowledged or unknown.
pub fn acknowledge_notification(
    store: &Store,
    clock: &dyn Clock,
    id: i64,
    agent: &str,
) -> CoreResult<bool> {
    let now = clock.now();
    store.write(|tx| {
        let changed = tx.execute(
            "UPDATE notifications SET acknowledged_at = ?2, acknowledged_by = ?3 WHERE id = ?1 AND acknowledged_at IS NULL",
            params![id, store::fmt_time(now), agent],
        )?;
        if changed == 1 {
            store::audit_append(tx, now, store::AuditRecord {
                actor: agent,
                action: "notification_acknowledged",
                subject: &format!("notification {id}"),
                detail: "",
            })?;
        }
        Ok(changed == 1)
    })
}
