//! What the pick screen shows per line: what is wanted and picked, where to go (the suggested
//! package's vault location: earliest expiry first, then oldest), and what the line is waiting for.

use super::scan::{
    describe, held_by_others, line_complete, picked_on_line, state_system_has, units_in_order,
};
use super::{Workflow, WorkflowError, WorkflowResult};
use crate::domain::{Order, OrderLine, OrderStatus, Quantity, QuantityUnit, Uid};
use crate::store;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

/// How many candidate packages a suggestion looks at before giving up (each is checked in full).
const SUGGESTION_SCAN_LIMIT: i64 = 200;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PickSnapshot {
    pub order: String,
    pub customer: String,
    pub status: OrderStatus,
    pub lines: Vec<PickLine>,
    /// Every line is done: verification can start.
    pub ready_to_verify: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PickLine {
    pub line_no: i64,
    pub sku: String,
    pub description: String,
    pub wanted: Quantity,
    pub picked: Quantity,
    pub weighed: bool,
    pub complete: bool,
    pub picked_uids: Vec<Uid>,
    /// Where to go: the suggested package's location.
    pub vault_location: Option<String>,
    pub suggested: Option<SuggestedPackage>,
    pub awaiting: Option<Awaiting>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SuggestedPackage {
    pub uid: Uid,
    pub location: String,
    pub batch: String,
    pub expires_on: Option<NaiveDate>,
    /// What is free to take from it.
    pub available: Quantity,
}

/// What a line is waiting for before it moves on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "awaiting", rename_all = "snake_case")]
pub enum Awaiting {
    SealCheck { uid: Uid },
    Weight { bulk_uid: Uid },
    Label { portion_uid: Uid },
}

impl Workflow<'_> {
    pub fn pick_snapshot(&self, order: &str) -> WorkflowResult<PickSnapshot> {
        let today = self.today(self.now());
        self.store.read(|c| Ok(snapshot(c, order, today)))?
    }
}

fn snapshot(c: &Connection, order: &str, today: NaiveDate) -> WorkflowResult<PickSnapshot> {
    let o = store::load_order(c, order)?.ok_or_else(|| WorkflowError::NotFound {
        what: "order",
        id: order.into(),
    })?;
    let mut lines = Vec::with_capacity(o.lines.len());
    for l in &o.lines {
        lines.push(line_view(c, &o, l, today)?);
    }
    Ok(PickSnapshot {
        ready_to_verify: lines.iter().all(|l| l.complete),
        order: o.pos_id,
        customer: o.customer,
        status: o.status,
        lines,
    })
}

fn line_view(
    c: &Connection,
    o: &Order,
    l: &OrderLine,
    today: NaiveDate,
) -> WorkflowResult<PickLine> {
    let weighed = l.wanted.unit == QuantityUnit::Milligram;
    let complete = line_complete(c, &o.pos_id, l)?;
    let picked_uids: Vec<Uid> = {
        let mut stmt = c.prepare_cached(
            "SELECT DISTINCT uid FROM picks WHERE order_id = ?1 AND line_no = ?2 ORDER BY uid",
        )?;
        stmt.query_map(params![o.pos_id, l.line_no], |r| Ok(Uid(r.get(0)?)))?
            .collect::<Result<_, _>>()?
    };
    let awaiting = awaiting(c, &o.pos_id, l.line_no)?;
    let suggested = if complete {
        None
    } else {
        suggest(c, &o.pos_id, l, today)?
    };
    Ok(PickLine {
        line_no: l.line_no,
        sku: l.sku.clone(),
        description: describe(c, &l.sku)?,
        wanted: l.wanted,
        picked: Quantity {
            amount: picked_on_line(c, &o.pos_id, l.line_no)?,
            unit: l.wanted.unit,
        },
        weighed,
        complete,
        picked_uids,
        vault_location: suggested.as_ref().map(|s| s.location.clone()),
        suggested,
        awaiting,
    })
}

fn awaiting(c: &Connection, order: &str, line_no: i64) -> WorkflowResult<Option<Awaiting>> {
    let seal: Option<String> = c
        .query_row(
            "SELECT uid FROM pending_seal_checks WHERE order_id = ?1 AND line_no = ?2",
            params![order, line_no],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(uid) = seal {
        return Ok(Some(Awaiting::SealCheck { uid: Uid(uid) }));
    }
    let bulk: Option<String> = c
        .query_row(
            "SELECT bulk_uid FROM weigh_sessions WHERE order_id = ?1 AND line_no = ?2",
            params![order, line_no],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(uid) = bulk {
        return Ok(Some(Awaiting::Weight { bulk_uid: Uid(uid) }));
    }
    let label: Option<String> = c
        .query_row(
            "SELECT w.portion_uid FROM weighings w JOIN picks p ON p.id = w.pick_id
             WHERE p.order_id = ?1 AND p.line_no = ?2 AND w.label_confirmed_at IS NULL",
            params![order, line_no],
            |r| r.get(0),
        )
        .optional()?;
    Ok(label.map(|uid| Awaiting::Label {
        portion_uid: Uid(uid),
    }))
}

/// The first package of the line's product, in pick order (earliest expiry, then oldest), that a scan
/// would accept: active, QA passed, in date, stocked in the state system and free here.
fn suggest(
    c: &Connection,
    order: &str,
    l: &OrderLine,
    today: NaiveDate,
) -> WorkflowResult<Option<SuggestedPackage>> {
    let need = if l.wanted.unit == QuantityUnit::Milligram {
        l.wanted.amount
    } else {
        1
    };
    let mut stmt = c.prepare_cached(
        "SELECT uid, location, batch, expires_on, quantity, state_quantity FROM packages
         WHERE sku = ?1 AND status = 'active' AND qa = 'passed' AND (expires_on IS NULL OR expires_on >= ?2)
         ORDER BY expires_on IS NULL, expires_on, packaged_on, uid LIMIT ?3",
    )?;
    struct Candidate {
        uid: Uid,
        location: String,
        batch: String,
        expires_on: Option<NaiveDate>,
        quantity: i64,
        state_quantity: Option<i64>,
    }
    let candidates: Vec<Candidate> = stmt
        .query_map(
            params![l.sku, today.to_string(), SUGGESTION_SCAN_LIMIT],
            |r| {
                let expires: Option<String> = r.get(3)?;
                Ok(Candidate {
                    uid: Uid(r.get(0)?),
                    location: r.get(1)?,
                    batch: r.get(2)?,
                    expires_on: expires.map(|e| store::parse_date(&e, 3)).transpose()?,
                    quantity: r.get(4)?,
                    state_quantity: r.get(5)?,
                })
            },
        )?
        .collect::<Result<_, _>>()?;
    for cand in candidates {
        if !state_system_has(c, cand.state_quantity, need)? {
            continue;
        }
        let free = cand.quantity
            - held_by_others(c, order, &cand.uid)?
            - units_in_order(c, order, &cand.uid)?;
        if free < need {
            continue;
        }
        return Ok(Some(SuggestedPackage {
            uid: cand.uid,
            location: cand.location,
            batch: cand.batch,
            expires_on: cand.expires_on,
            available: Quantity {
                amount: free,
                unit: l.wanted.unit,
            },
        }));
    }
    Ok(None)
}
