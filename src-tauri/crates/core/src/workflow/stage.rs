//! Commit and stage, and cancel. Committing is one transaction: the order's status, each picked
//! package set to pending sale at the staging location, and one outbox `Move` per package to the
//! pending-sale room. A state-system move takes a whole lot, so when the order takes only some units
//! of a counted lot (2 gummies of 20), those units are first split off into a new lot under a
//! pre-assigned id, and only the new lot moves; the rest stay active in the vault for other orders.
//! Cancelling a staged order queues the moves back to the vault room.

use super::lots;
use super::scan::audit;
use super::{Action, Workflow, WorkflowError, WorkflowResult, machine, normalize_scan};
use crate::domain::{OrderStatus, Package, PackageStatus, Quantity, QuantityUnit, Uid};
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
    /// Every package now in pending sale, in the order of the picked packages' UIDs.
    pub moved: Vec<Uid>,
    /// Units split off a larger lot into a lot of their own (which is what moved).
    pub split_off: Vec<SplitOff>,
    /// The outbox ops queued: a split per split-off lot, a move per package.
    pub outbox_ops: Vec<i64>,
}

/// What cancelling a staged order sent back to the vault.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Cancelled {
    /// Every package going back, in UID order (empty when the order was not staged).
    pub returned: Vec<Uid>,
    /// Those among them that were split off a larger lot at commit: they go back as lots of their
    /// own, and their units still wear the old lot's label, so they need a label of their own.
    pub split_off: Vec<Uid>,
}

/// Some units of a counted lot, split off into a new lot for this order at commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SplitOff {
    pub from: Uid,
    pub into: Uid,
    pub units: i64,
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
            let mut ops = Vec::new();
            let mut moved = Vec::new();
            let mut split_off = Vec::new();
            for (uid, taken) in taken_by_package(tx, order)? {
                let pkg = store::load_package(tx, uid.as_str())?.ok_or_else(|| WorkflowError::NotFound { what: "package", id: uid.to_string() })?;
                let staged = if pkg.quantity.unit == QuantityUnit::Each && taken < pkg.quantity.amount {
                    let into = self.split_units(tx, &pkg, taken, &location, agent, now, &mut ops)?;
                    split_off.push(SplitOff { from: uid.clone(), into: into.clone(), units: taken });
                    into
                } else {
                    tx.execute(
                        "UPDATE packages SET status = 'pending_sale', location = ?2 WHERE uid = ?1",
                        params![uid.as_str(), location],
                    )?;
                    uid
                };
                tx.execute(
                    "INSERT INTO staged_items (order_id, uid, vault_location) VALUES (?1, ?2, ?3)",
                    params![order, staged.as_str(), pkg.location],
                )?;
                ops.push(outbox::enqueue(tx, &TraceOp::Move { uid: staged.clone(), room: self.settings.pending_sale_room }, agent, now)?);
                moved.push(staged);
            }
            tx.execute(
                "UPDATE order_workflow SET staging_location = ?2, staged_at = ?3 WHERE order_id = ?1",
                params![order, location, store::fmt_time(now)],
            )?;
            let list = moved.iter().map(Uid::as_str).collect::<Vec<_>>().join(", ");
            audit(tx, now, agent, "staged", order, &format!("at {location}; to pending sale: {list}"))?;
            Ok(StageReceipt { order: order.to_owned(), staging_location: location.clone(), moved, split_off, outbox_ops: ops })
        })
    }

    /// Splits `units` of the counted lot `pkg` into a new lot under a pre-assigned id, at the staging
    /// location and pending sale; the lot keeps the rest, active in the vault. Queues the split.
    #[allow(clippy::too_many_arguments)]
    fn split_units(
        &self,
        tx: &rusqlite::Transaction<'_>,
        pkg: &Package,
        units: i64,
        location: &str,
        agent: &str,
        now: chrono::DateTime<chrono::Utc>,
        ops: &mut Vec<i64>,
    ) -> WorkflowResult<Uid> {
        let Ok(into) = lots::take_pool_id(tx, now)? else {
            return Err(WorkflowError::NotReady(format!(
                "this order takes {units} of the {} units in {}, so they must be split off under a new \
                 package id, and no pre-assigned ids are left. The station fetches more from BioTrack \
                 within a minute of reaching it: scan the staging location again then",
                pkg.quantity.amount, pkg.uid
            )));
        };
        let new = Package {
            uid: into.clone(),
            quantity: Quantity::units(units),
            state_quantity: None,
            location: location.to_owned(),
            status: PackageStatus::PendingSale,
            ..pkg.clone()
        };
        ops.push(lots::split_lot(tx, pkg, &new, true, agent, now)?);
        audit(
            tx,
            now,
            agent,
            "split_off",
            pkg.uid.as_str(),
            &format!("{units} unit(s) into {into} for staging at {location}"),
        )?;
        Ok(into)
    }

    /// Cancels an order that has not been handed off. A staged order's packages go back to active at
    /// their vault locations, with a queued move back to the vault room each.
    pub fn cancel(&self, order: &str, reason: &str, agent: &str) -> WorkflowResult<Cancelled> {
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
            let mut back = Cancelled::default();
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
                    // A lot split off at commit was never picked itself: its units wear the old label.
                    let picked: bool = tx.query_row(
                        "SELECT EXISTS (SELECT 1 FROM picks WHERE order_id = ?1 AND uid = ?2)",
                        params![order, uid.as_str()],
                        |r| r.get(0),
                    )?;
                    if !picked {
                        back.split_off.push(uid.clone());
                    }
                    back.returned.push(uid);
                }
            }
            Ok(back)
        })
    }
}

/// What the order takes of each package in its bin (units, or milligrams of a weighed portion), in
/// UID order.
fn taken_by_package(conn: &Connection, order: &str) -> WorkflowResult<Vec<(Uid, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT uid, SUM(amount) FROM picks WHERE order_id = ?1 GROUP BY uid ORDER BY uid",
    )?;
    let rows = stmt.query_map([order], |r| Ok((Uid(r.get(0)?), r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
