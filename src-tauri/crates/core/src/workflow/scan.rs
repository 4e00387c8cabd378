//! Picking by scan: a scanned UID binds to a line only if it is the line's product, active, not
//! quarantined, QA passed, not expired, and available both here and in the last state-system sync.
//! Sealed units wait for a tamper and expiry confirmation before they count.

use super::verdict::ScanVerdict;
use super::{
    Phase, ScanEvent, ScannedCode, Workflow, WorkflowError, WorkflowResult, normalize_scan,
};
use crate::domain::{
    Order, OrderLine, OrderStatus, Package, PackageStatus, QaStatus, Quantity, QuantityUnit, Uid,
};
use crate::store::{self, AuditRecord};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};

/// Statuses whose picks hold their packages: a paused order keeps what it picked.
pub(crate) const HOLDING: &str = "('claimed','picking','verifying','paused')";

impl Workflow<'_> {
    /// Judges a scanned package for an order line (`None`: the line for the package's product) and,
    /// if it is good, puts it in the bin. Every scan is logged for the speed panel.
    pub fn scan(
        &self,
        order: &str,
        line_no: Option<i64>,
        scanned: &str,
        agent: &str,
    ) -> WorkflowResult<ScanVerdict> {
        let now = self.now();
        let today = self.today(now);
        self.write(|tx| {
            let o = pickable_order(tx, order)?;
            if o.status == OrderStatus::Claimed {
                super::machine::apply(
                    tx,
                    order,
                    super::Action::StartPicking,
                    self.actor(agent, None),
                    now,
                )?;
            }
            let eval = evaluate(tx, &o, line_no, scanned, today, self.settings.sealed_checks)?;
            if let Some((line, pkg)) = &eval.bind {
                self.bind(tx, &o, line, pkg, &eval.verdict, agent, now)?;
            }
            self.log_scan(
                tx,
                now,
                ScanEvent {
                    order,
                    agent,
                    phase: Phase::Pick,
                    scanned,
                    outcome: eval.verdict.key(),
                    refused: eval.verdict.is_refusal(),
                },
            )?;
            Ok(eval.verdict)
        })
    }

    /// What [`Workflow::scan`] would answer, without recording anything.
    pub fn preview_scan(
        &self,
        order: &str,
        line_no: Option<i64>,
        scanned: &str,
    ) -> WorkflowResult<ScanVerdict> {
        let today = self.today(self.now());
        self.store.read(|c| {
            Ok(pickable_order(c, order).and_then(|o| {
                evaluate(c, &o, line_no, scanned, today, self.settings.sealed_checks)
                    .map(|e| e.verdict)
            }))
        })?
    }

    /// The technician checked the sealed unit just scanned. Both checks must pass for it to count.
    pub fn confirm_sealed(
        &self,
        order: &str,
        tamper_ok: bool,
        expiry_ok: bool,
        agent: &str,
    ) -> WorkflowResult<ScanVerdict> {
        let now = self.now();
        let today = self.today(now);
        self.write(|tx| {
            let o = pickable_order(tx, order)?;
            let (line_no, uid): (i64, String) = tx
                .query_row(
                    "SELECT line_no, uid FROM pending_seal_checks WHERE order_id = ?1",
                    [order],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?
                .ok_or_else(|| {
                    WorkflowError::NotReady(
                        "no sealed unit is waiting for a check: scan it first".into(),
                    )
                })?;
            tx.execute(
                "DELETE FROM pending_seal_checks WHERE order_id = ?1",
                [order],
            )?;
            let verdict = if tamper_ok && expiry_ok {
                let eval = evaluate(tx, &o, Some(line_no), &uid, today, false)?;
                if let Some((line, pkg)) = &eval.bind {
                    self.bind(tx, &o, line, pkg, &eval.verdict, agent, now)?;
                }
                eval.verdict
            } else {
                let why = match (tamper_ok, expiry_ok) {
                    (false, false) => "seal broken and expiry date wrong",
                    (false, true) => "seal broken",
                    _ => "expiry date on the unit does not match",
                };
                audit(
                    tx,
                    now,
                    agent,
                    "seal_refused",
                    &uid,
                    &format!("order {order} line {line_no}: {why}"),
                )?;
                ScanVerdict::SealRefused {
                    uid: Uid(uid.clone()),
                }
            };
            self.log_scan(
                tx,
                now,
                ScanEvent {
                    order,
                    agent,
                    phase: Phase::Seal,
                    scanned: &uid,
                    outcome: verdict.key(),
                    refused: verdict.is_refusal(),
                },
            )?;
            Ok(verdict)
        })
    }

    /// Records what an accepted scan binds: a pick, a pending seal check, or an open weigh session.
    #[allow(clippy::too_many_arguments)]
    fn bind(
        &self,
        tx: &Connection,
        o: &Order,
        line: &OrderLine,
        pkg: &Package,
        verdict: &ScanVerdict,
        agent: &str,
        now: DateTime<Utc>,
    ) -> WorkflowResult<()> {
        let at = store::fmt_time(now);
        match verdict {
            ScanVerdict::Accepted { .. } => {
                insert_pick(
                    tx,
                    &o.pos_id,
                    line.line_no,
                    &pkg.uid,
                    Quantity::units(1),
                    agent,
                    &self.settings.station,
                    now,
                )?;
                audit(
                    tx,
                    now,
                    agent,
                    "picked",
                    &o.pos_id,
                    &format!("line {}: 1 ea of {}", line.line_no, pkg.uid),
                )?;
            }
            ScanVerdict::NeedsSealCheck { .. } => {
                tx.execute(
                    "INSERT INTO pending_seal_checks (order_id, line_no, uid, at) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT(order_id) DO UPDATE SET line_no = excluded.line_no, uid = excluded.uid, at = excluded.at",
                    params![o.pos_id, line.line_no, pkg.uid.as_str(), at],
                )?;
            }
            ScanVerdict::BulkReady { .. } => {
                tx.execute(
                    "INSERT INTO weigh_sessions (order_id, line_no, bulk_uid, agent, at) VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT(order_id, line_no) DO UPDATE SET bulk_uid = excluded.bulk_uid, agent = excluded.agent, at = excluded.at",
                    params![o.pos_id, line.line_no, pkg.uid.as_str(), agent, at],
                )?;
            }
            _ => {}
        }
        Ok(())
    }
}

/// The order, if scans can count on it now.
pub(crate) fn pickable_order(conn: &Connection, order: &str) -> WorkflowResult<Order> {
    let o = store::load_order(conn, order)?.ok_or_else(|| WorkflowError::NotFound {
        what: "order",
        id: order.into(),
    })?;
    match o.status {
        OrderStatus::Claimed | OrderStatus::Picking => Ok(o),
        other => Err(WorkflowError::NotReady(format!(
            "order {order} is {other}: package scans count only while it is claimed or being picked"
        ))),
    }
}

pub(crate) struct Evaluation<'o> {
    pub verdict: ScanVerdict,
    /// The line and package an accepted scan binds.
    pub bind: Option<(&'o OrderLine, Package)>,
}

fn refuse<'o>(verdict: ScanVerdict) -> WorkflowResult<Evaluation<'o>> {
    Ok(Evaluation {
        verdict,
        bind: None,
    })
}

/// The whole judgement, read-only. `seal_check` asks for the sealed-unit check (off once it was done,
/// or when the station turned sealed checks off).
pub(crate) fn evaluate<'o>(
    conn: &Connection,
    o: &'o Order,
    line_no: Option<i64>,
    scanned: &str,
    today: NaiveDate,
    seal_check: bool,
) -> WorkflowResult<Evaluation<'o>> {
    let unknown = || ScanVerdict::Unknown {
        scanned: scanned.trim().to_owned(),
    };
    let uid = match normalize_scan(scanned) {
        ScannedCode::Id(id) => id,
        _ => return refuse(unknown()),
    };
    let chosen = match line_no {
        Some(n) => Some(o.lines.iter().find(|l| l.line_no == n).ok_or_else(|| {
            WorkflowError::Invalid(format!("order {} has no line {n}", o.pos_id))
        })?),
        None => None,
    };
    let Some(pkg) = store::load_package(conn, &uid)? else {
        return refuse(unknown());
    };
    let line = match chosen {
        Some(l) => l,
        None => match line_for_product(conn, o, &pkg.sku)? {
            Some(l) => l,
            None => {
                let open: Vec<&OrderLine> = o.lines.iter().collect();
                let expected = open
                    .iter()
                    .map(|l| describe(conn, &l.sku))
                    .collect::<WorkflowResult<Vec<_>>>()?
                    .join(" or ");
                return refuse(ScanVerdict::WrongProduct {
                    expected,
                    got: describe(conn, &pkg.sku)?,
                });
            }
        },
    };
    if pkg.sku != line.sku {
        return refuse(ScanVerdict::WrongProduct {
            expected: describe(conn, &line.sku)?,
            got: describe(conn, &pkg.sku)?,
        });
    }
    let weighed = line.wanted.unit == QuantityUnit::Milligram;
    let in_order = units_in_order(conn, &o.pos_id, &pkg.uid)?;
    if weighed {
        if in_order > 0 {
            return refuse(ScanVerdict::DuplicateScan { uid: pkg.uid });
        }
        if line_has_portion(conn, &o.pos_id, line.line_no)? {
            return refuse(ScanVerdict::OverScan {
                line_no: line.line_no,
                wanted: line.wanted,
            });
        }
    } else {
        if in_order > 0 && in_order >= pkg.quantity.amount {
            return refuse(ScanVerdict::DuplicateScan { uid: pkg.uid });
        }
        if picked_on_line(conn, &o.pos_id, line.line_no)? >= line.wanted.amount {
            return refuse(ScanVerdict::OverScan {
                line_no: line.line_no,
                wanted: line.wanted,
            });
        }
    }
    let uid = pkg.uid.clone();
    match pkg.status {
        PackageStatus::Active => {}
        PackageStatus::Quarantined => return refuse(ScanVerdict::Quarantined { uid }),
        status => return refuse(ScanVerdict::NotActive { uid, status }),
    }
    if pkg.qa != QaStatus::Passed {
        return refuse(ScanVerdict::QaNotPassed { uid, qa: pkg.qa });
    }
    if let Some(expired_on) = pkg.expires_on.filter(|_| pkg.is_expired(today)) {
        return refuse(ScanVerdict::Expired { uid, expired_on });
    }
    let need = if weighed { line.wanted.amount } else { 1 };
    if !state_system_has(conn, pkg.state_quantity, need)? {
        return refuse(ScanVerdict::NotAvailableInStateSystem {
            uid,
            state_quantity: pkg.state_quantity,
        });
    }
    let free = pkg.quantity.amount - held_by_others(conn, &o.pos_id, &pkg.uid)? - in_order;
    if free < need {
        return refuse(ScanVerdict::NotAvailableLocally {
            uid,
            free: free.max(0),
        });
    }
    let verdict = if weighed {
        ScanVerdict::BulkReady {
            line_no: line.line_no,
            uid,
            target: line.wanted,
        }
    } else if pkg.sealed && seal_check {
        ScanVerdict::NeedsSealCheck {
            line_no: line.line_no,
            uid,
            expires_on: pkg.expires_on,
        }
    } else {
        let picked = picked_on_line(conn, &o.pos_id, line.line_no)? + 1;
        ScanVerdict::Accepted {
            line_no: line.line_no,
            uid,
            picked: Quantity::units(picked),
            wanted: line.wanted,
        }
    };
    Ok(Evaluation {
        verdict,
        bind: Some((line, pkg)),
    })
}

/// The first line for this product that still needs something, else the first line for it.
fn line_for_product<'o>(
    conn: &Connection,
    o: &'o Order,
    sku: &str,
) -> WorkflowResult<Option<&'o OrderLine>> {
    let mut first = None;
    for l in o.lines.iter().filter(|l| l.sku == sku) {
        first.get_or_insert(l);
        if !line_complete(conn, &o.pos_id, l)? {
            return Ok(Some(l));
        }
    }
    Ok(first)
}

/// "Brand — Product" for a SKU, or the SKU itself if the catalogue lacks it.
pub(crate) fn describe(conn: &Connection, sku: &str) -> WorkflowResult<String> {
    Ok(match store::load_product(conn, sku)? {
        Some(p) => format!("{} — {}", p.brand, p.name),
        None => sku.to_owned(),
    })
}

/// Units (or milligrams) of a package already in this order's bin.
pub(crate) fn units_in_order(conn: &Connection, order: &str, uid: &Uid) -> WorkflowResult<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT COALESCE(SUM(amount), 0) FROM picks WHERE order_id = ?1 AND uid = ?2",
        )?
        .query_row(params![order, uid.as_str()], |r| r.get(0))?)
}

/// What other open orders hold of a package.
pub(crate) fn held_by_others(conn: &Connection, order: &str, uid: &Uid) -> WorkflowResult<i64> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT COALESCE(SUM(p.amount), 0) FROM picks p JOIN orders o ON o.pos_id = p.order_id
             WHERE p.uid = ?1 AND p.order_id <> ?2 AND o.status IN {HOLDING}"
        ))?
        .query_row(params![uid.as_str(), order], |r| r.get(0))?)
}

pub(crate) fn picked_on_line(conn: &Connection, order: &str, line_no: i64) -> WorkflowResult<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT COALESCE(SUM(amount), 0) FROM picks WHERE order_id = ?1 AND line_no = ?2",
        )?
        .query_row(params![order, line_no], |r| r.get(0))?)
}

/// Whether a weighed line already has its portion (labelled or not).
pub(crate) fn line_has_portion(
    conn: &Connection,
    order: &str,
    line_no: i64,
) -> WorkflowResult<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM weighings w JOIN picks p ON p.id = w.pick_id
             WHERE p.order_id = ?1 AND p.line_no = ?2)",
        )?
        .query_row(params![order, line_no], |r| r.get(0))?)
}

/// A line is done when it has all its units, or (weighed) its portion with the label scanned back.
pub(crate) fn line_complete(
    conn: &Connection,
    order: &str,
    line: &OrderLine,
) -> WorkflowResult<bool> {
    if line.wanted.unit == QuantityUnit::Milligram {
        Ok(conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM weighings w JOIN picks p ON p.id = w.pick_id
                 WHERE p.order_id = ?1 AND p.line_no = ?2 AND w.label_confirmed_at IS NOT NULL)",
            )?
            .query_row(params![order, line.line_no], |r| r.get(0))?)
    } else {
        Ok(picked_on_line(conn, order, line.line_no)? >= line.wanted.amount)
    }
}

/// The state system's last word on a package covers `need`. A package it did not list in a complete
/// pull of state quantities counts as absent; before any pull, unknown is given the benefit of the doubt.
pub(crate) fn state_system_has(
    conn: &Connection,
    state_quantity: Option<i64>,
    need: i64,
) -> WorkflowResult<bool> {
    match state_quantity {
        Some(q) => Ok(q > 0 && q >= need),
        None => Ok(!inventory_synced(conn)?),
    }
}

fn inventory_synced(conn: &Connection) -> WorkflowResult<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM sync_state WHERE key = ?1)")?
        .query_row([crate::trace_sync::LAST_PULL_KEY], |r| r.get(0))?)
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_pick(
    conn: &Connection,
    order: &str,
    line_no: i64,
    uid: &Uid,
    qty: Quantity,
    agent: &str,
    station: &str,
    now: DateTime<Utc>,
) -> WorkflowResult<i64> {
    conn.prepare_cached(
        "INSERT INTO picks (order_id, line_no, uid, amount, unit, agent, station, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![order, line_no, uid.as_str(), qty.amount, qty.unit, agent, station, store::fmt_time(now)])?;
    Ok(conn.last_insert_rowid())
}

pub(crate) fn audit(
    conn: &Connection,
    now: DateTime<Utc>,
    agent: &str,
    action: &str,
    subject: &str,
    detail: &str,
) -> WorkflowResult<()> {
    store::audit_append(
        conn,
        now,
        AuditRecord {
            actor: agent,
            action,
            subject,
            detail,
        },
    )?;
    Ok(())
}
