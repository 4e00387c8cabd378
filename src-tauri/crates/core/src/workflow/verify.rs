//! Verification: every item in the bin is scanned again against what was picked. Blind by default —
//! the remaining items stay hidden until the pass is finished — so the check is a real second look.
//! Extra items are flagged at once; only a pass with every item matched and nothing extra can commit.

use super::scan::{audit, describe, line_complete};
use super::verdict::VerifyVerdict;
use super::{
    Action, Phase, ScanEvent, ScannedCode, Workflow, WorkflowError, WorkflowResult, machine,
    normalize_scan,
};
use crate::domain::{OrderStatus, Uid};
use crate::store;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct VerifyItem {
    pub uid: Uid,
    pub description: String,
    /// Scans still needed for this package (units for counted goods, 1 for a weighed portion).
    pub count: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct VerifyView {
    pub order: String,
    pub blind: bool,
    pub pass: i64,
    /// Items matched so far in this pass.
    pub matched: i64,
    /// How many scans the bin needs in all; hidden while a blind pass runs.
    pub expected_total: Option<i64>,
    /// What is still missing; hidden while a blind pass runs.
    pub remaining: Option<Vec<VerifyItem>>,
    /// Packages scanned that are not in the order (or more units than were picked).
    pub extra: Vec<Uid>,
    pub pass_finished: bool,
    /// Every item matched and nothing extra: the order can be committed.
    pub complete: bool,
}

impl Workflow<'_> {
    /// Every line is done: start the first verification pass.
    pub fn start_verify(&self, order: &str, agent: &str) -> WorkflowResult<VerifyView> {
        let now = self.now();
        self.write(|tx| {
            let o = store::load_order(tx, order)?.ok_or_else(|| WorkflowError::NotFound {
                what: "order",
                id: order.into(),
            })?;
            if o.status == OrderStatus::Picking {
                for line in &o.lines {
                    if !line_complete(tx, order, line)? {
                        return Err(WorkflowError::NotReady(format!(
                            "line {} ({}) is not done yet: finish it before verifying",
                            line.line_no,
                            describe(tx, &line.sku)?
                        )));
                    }
                }
            }
            machine::apply(tx, order, Action::StartVerify, self.actor(agent, None), now)?;
            new_pass(tx, order)?;
            self.view(tx, order)
        })
    }

    /// Scans one item from the bin.
    pub fn verify_scan(
        &self,
        order: &str,
        scanned: &str,
        agent: &str,
    ) -> WorkflowResult<VerifyVerdict> {
        let now = self.now();
        self.write(|tx| {
            let pass = verifying_pass(tx, order)?;
            let verdict = match normalize_scan(scanned) {
                ScannedCode::Id(id) if store::load_package(tx, &id)?.is_some() => {
                    let uid = Uid(id);
                    let expected = expected(tx, order)?.get(&uid).copied().unwrap_or(0);
                    let matched = matched(tx, order, pass)?.get(&uid).copied().unwrap_or(0);
                    if matched < expected {
                        VerifyVerdict::Matched { uid }
                    } else {
                        VerifyVerdict::Extra { uid }
                    }
                }
                _ => VerifyVerdict::Unknown { scanned: scanned.trim().to_owned() },
            };
            let uid_text = match &verdict {
                VerifyVerdict::Matched { uid } | VerifyVerdict::Extra { uid } => uid.as_str().to_owned(),
                VerifyVerdict::Unknown { scanned } => scanned.clone(),
            };
            tx.execute(
                "INSERT INTO verify_scans (order_id, pass, uid, outcome, agent, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![order, pass, uid_text, verdict.key(), agent, store::fmt_time(now)],
            )?;
            self.log_scan(tx, now, ScanEvent {
                order,
                agent,
                phase: Phase::Verify,
                scanned,
                outcome: verdict.key(),
                refused: !matches!(verdict, VerifyVerdict::Matched { .. }),
            })?;
            Ok(verdict)
        })
    }

    /// The pass as the screen shows it.
    pub fn verify_view(&self, order: &str) -> WorkflowResult<VerifyView> {
        self.store.read(|c| Ok(self.view(c, order)))?
    }

    /// The technician says the bin is done: reveal what is missing.
    pub fn finish_verify_pass(&self, order: &str, agent: &str) -> WorkflowResult<VerifyView> {
        let now = self.now();
        self.write(|tx| {
            let pass = verifying_pass(tx, order)?;
            tx.execute(
                "UPDATE order_workflow SET verify_pass_ended = 1 WHERE order_id = ?1",
                [order],
            )?;
            let view = self.view(tx, order)?;
            let missing = view
                .remaining
                .as_ref()
                .map_or(0, |r| r.iter().map(|i| i.count).sum::<i64>());
            audit(
                tx,
                now,
                agent,
                "verify_pass_finished",
                order,
                &format!(
                    "pass {pass}: {} matched, {missing} missing, {} extra",
                    view.matched,
                    view.extra.len()
                ),
            )?;
            Ok(view)
        })
    }

    /// Starts a fresh pass (after removing an extra item or finding a missing one).
    pub fn restart_verify(&self, order: &str, agent: &str) -> WorkflowResult<VerifyView> {
        let now = self.now();
        self.write(|tx| {
            verifying_pass(tx, order)?;
            let pass = new_pass(tx, order)?;
            audit(
                tx,
                now,
                agent,
                "verify_restarted",
                order,
                &format!("pass {pass}"),
            )?;
            self.view(tx, order)
        })
    }

    /// Leaves verification to fix a line (a missing item to re-pick).
    pub fn back_to_picking(&self, order: &str, agent: &str) -> WorkflowResult<OrderStatus> {
        let now = self.now();
        self.write(|tx| {
            machine::apply(
                tx,
                order,
                Action::BackToPicking,
                self.actor(agent, None),
                now,
            )
        })
    }

    pub(crate) fn view(&self, conn: &Connection, order: &str) -> WorkflowResult<VerifyView> {
        let (pass, ended): (i64, bool) = conn
            .query_row(
                "SELECT verify_pass, verify_pass_ended FROM order_workflow WHERE order_id = ?1",
                [order],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .unwrap_or((0, false));
        let expected = expected(conn, order)?;
        let matched = matched(conn, order, pass)?;
        let mut extra = Vec::new();
        let mut stmt = conn.prepare_cached(
            "SELECT uid FROM verify_scans WHERE order_id = ?1 AND pass = ?2 AND outcome = 'extra' ORDER BY id",
        )?;
        for uid in stmt.query_map(params![order, pass], |r| r.get::<_, String>(0))? {
            extra.push(Uid(uid?));
        }
        let mut remaining = Vec::new();
        for (uid, want) in &expected {
            let left = want - matched.get(uid).copied().unwrap_or(0);
            if left > 0 {
                let sku: String = conn.query_row(
                    "SELECT sku FROM packages WHERE uid = ?1",
                    [uid.as_str()],
                    |r| r.get(0),
                )?;
                remaining.push(VerifyItem {
                    uid: uid.clone(),
                    description: describe(conn, &sku)?,
                    count: left,
                });
            }
        }
        let complete = pass > 0 && remaining.is_empty() && extra.is_empty();
        let blind = self.settings.blind_verify;
        let reveal = !blind || ended || complete;
        Ok(VerifyView {
            order: order.to_owned(),
            blind,
            pass,
            matched: matched.values().sum(),
            expected_total: reveal.then(|| expected.values().sum()),
            remaining: reveal.then_some(remaining),
            extra,
            pass_finished: ended,
            complete,
        })
    }
}

/// The current pass of an order that is being verified.
fn verifying_pass(conn: &Connection, order: &str) -> WorkflowResult<i64> {
    let (status, _) = machine::current(conn, order)?;
    if status != OrderStatus::Verifying {
        return Err(WorkflowError::NotReady(format!(
            "order {order} is {status}, not being verified"
        )));
    }
    Ok(conn.query_row(
        "SELECT verify_pass FROM order_workflow WHERE order_id = ?1",
        [order],
        |r| r.get(0),
    )?)
}

fn new_pass(conn: &Connection, order: &str) -> WorkflowResult<i64> {
    conn.execute(
        "INSERT INTO order_workflow (order_id, verify_pass) VALUES (?1, 1)
         ON CONFLICT(order_id) DO UPDATE SET verify_pass = verify_pass + 1, verify_pass_ended = 0",
        [order],
    )?;
    Ok(conn.query_row(
        "SELECT verify_pass FROM order_workflow WHERE order_id = ?1",
        [order],
        |r| r.get(0),
    )?)
}

/// Scans the bin needs per package: the units picked, or 1 for a weighed portion.
pub(crate) fn expected(conn: &Connection, order: &str) -> WorkflowResult<BTreeMap<Uid, i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT uid, SUM(CASE unit WHEN 'mg' THEN 1 ELSE amount END) FROM picks WHERE order_id = ?1 GROUP BY uid",
    )?;
    let rows = stmt.query_map([order], |r| Ok((Uid(r.get(0)?), r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn matched(conn: &Connection, order: &str, pass: i64) -> WorkflowResult<BTreeMap<Uid, i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT uid, COUNT(*) FROM verify_scans WHERE order_id = ?1 AND pass = ?2 AND outcome = 'matched' GROUP BY uid",
    )?;
    let rows = stmt.query_map(params![order, pass], |r| Ok((Uid(r.get(0)?), r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
