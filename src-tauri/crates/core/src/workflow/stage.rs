//! Commit and stage, and cancel. Committing is one transaction: the order's status, each picked
//! package set to pending sale at the staging location, and one outbox `Move` per package to the
//! pending-sale room. Cancelling a staged order queues the moves back to the vault room.

use super::scan::audit;
use super::{Action, Workflow, WorkflowError, WorkflowResult, machine, normalize_scan};
use crate::domain::{OrderStatus, Uid};
use crate::outbox;
use crate::ports::TraceOp;
use crate::store;
use rusqlite::{Connection, params};
use serde::Serialize;

/// What a commit did, for the exit-bag label and the "waiting for sync" display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StageReceipt {
    pub order: String,
    pub staging_location: String,
    /// Every package now in pending sale, in UID order.
    pub moved: Vec<Uid>,
    /// The outbox ops queued, one per package.
    pub outbox_ops: Vec<i64>,
}

impl Workflow<'_> {
    /// Commits a fully verified order and records where its bag was staged (the scanned shelf label).
    pub fn commit_and_stage(
        &self,
        order: &str,
        staging_scan: &str,
        agent: &str,
    ) -> WorkflowResult<StageReceipt> {
        let location = normalize_scan(staging_scan)
            .text()
            .map(str::to_owned)
            .ok_or_else(|| WorkflowError::Invalid("scan the staging location's label".into()))?;
        let now = self.now();
        self.write(|tx| {
            // The transition first: a wrong state gets its typed refusal; the rest rolls back with it.
            machine::apply(tx, order, Action::Stage, self.actor(agent, None), now)?;
            let view = self.view(tx, order)?;
            if !view.complete {
                return Err(WorkflowError::NotReady(
                    "verification is not a complete match: every item must be scanned and nothing extra".into(),
                ));
            }
            let uids = picked_uids(tx, order)?;
            let mut ops = Vec::with_capacity(uids.len());
            for uid in &uids {
                let vault: String = tx.query_row("SELECT location FROM packages WHERE uid = ?1", [uid.as_str()], |r| r.get(0))?;
                tx.execute(
                    "INSERT INTO staged_items (order_id, uid, vault_location) VALUES (?1, ?2, ?3)",
                    params![order, uid.as_str(), vault],
                )?;
                tx.execute(
                    "UPDATE packages SET status = 'pending_sale', location = ?2 WHERE uid = ?1",
                    params![uid.as_str(), location],
                )?;
                ops.push(outbox::enqueue(tx, &TraceOp::Move { uid: uid.clone(), room: self.settings.pending_sale_room }, agent, now)?);
            }
            tx.execute(
                "UPDATE order_workflow SET staging_location = ?2, staged_at = ?3 WHERE order_id = ?1",
                params![order, location, store::fmt_time(now)],
            )?;
            let list = uids.iter().map(Uid::as_str).collect::<Vec<_>>().join(", ");
            audit(tx, now, agent, "staged", order, &format!("at {location}; to pending sale: {list}"))?;
            Ok(StageReceipt { order: order.to_owned(), staging_location: location.clone(), moved: uids, outbox_ops: ops })
        })
    }

    /// Cancels an order that has not been handed off. A staged order's packages go back to active at
    /// their vault locations, with a queued move back to the vault room each. Returns the moved UIDs.
    pub fn cancel(&self, order: &str, reason: &str, agent: &str) -> WorkflowResult<Vec<Uid>> {
        if reason.trim().is_empty() {
            return Err(WorkflowError::Invalid(
                "say why the order is cancelled".into(),
            ));
        }
        let now = self.now();
        self.write(|tx| {
            let (from, _) = machine::current(tx, order)?;
            machine::apply(tx, order, Action::Cancel, self.actor(agent, Some(reason.trim())), now)?;
            tx.execute("DELETE FROM pending_seal_checks WHERE order_id = ?1", [order])?;
            tx.execute("DELETE FROM weigh_sessions WHERE order_id = ?1", [order])?;
            let mut back = Vec::new();
            if from == OrderStatus::Staged {
                let items: Vec<(String, String)> = {
                    let mut stmt = tx.prepare("SELECT uid, vault_location FROM staged_items WHERE order_id = ?1 ORDER BY uid")?;
                    stmt.query_map([order], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?
                };
                for (uid, vault) in items {
                    tx.execute(
                        "UPDATE packages SET status = 'active', location = ?2 WHERE uid = ?1",
                        params![uid, vault],
                    )?;
                    let uid = Uid(uid);
                    outbox::enqueue(tx, &TraceOp::Move { uid: uid.clone(), room: self.settings.vault_room }, agent, now)?;
                    audit(tx, now, agent, "returned_to_vault", uid.as_str(), &format!("order {order} cancelled; back to {vault}"))?;
                    back.push(uid);
                }
            }
            Ok(back)
        })
    }
}

/// The distinct packages in an order's bin, in UID order.
pub(crate) fn picked_uids(conn: &Connection, order: &str) -> WorkflowResult<Vec<Uid>> {
    let mut stmt =
        conn.prepare_cached("SELECT DISTINCT uid FROM picks WHERE order_id = ?1 ORDER BY uid")?;
    let rows = stmt.query_map([order], |r| Ok(Uid(r.get(0)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
