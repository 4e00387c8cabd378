//! Weigh-out from bulk: a stable, fresh reading within legal-for-trade tolerance of the line's target
//! becomes, in one transaction, a new portion package, a pick with its weighing evidence (gross, tare,
//! net, the scale's raw line), the bulk package's decrement, and an outbox `Split`. The portion's label
//! must then be scanned back before the line counts as done.

use super::lots;
use super::scan::{audit, insert_pick, pickable_order};
use super::weigh_types::{LabelCheck, PortionUid, WeighInput, WeighOutcome, WeighRefusal};
use super::{
    Phase, ScanEvent, ScannedCode, Workflow, WorkflowError, WorkflowResult, normalize_scan,
};
use crate::domain::{Package, PackageStatus, Quantity, QuantityUnit, Uid};
use crate::store::{self, fmt_time};
use rusqlite::{OptionalExtension, params};

impl Workflow<'_> {
    /// Accepts (or refuses, with the reason) a weight for a weighed line whose bulk package was scanned.
    pub fn weigh_out(
        &self,
        order: &str,
        line_no: i64,
        input: &WeighInput,
        portion: PortionUid,
        agent: &str,
    ) -> WorkflowResult<WeighOutcome> {
        let now = self.now();
        let today = self.today(now);
        self.write(|tx| {
            let o = pickable_order(tx, order)?;
            let line = o
                .lines
                .iter()
                .find(|l| l.line_no == line_no)
                .ok_or_else(|| {
                    WorkflowError::Invalid(format!("order {order} has no line {line_no}"))
                })?;
            if line.wanted.unit != QuantityUnit::Milligram {
                return Err(WorkflowError::Invalid(format!(
                    "line {line_no} is counted, not weighed out"
                )));
            }
            let outcome = match self.judge(tx, order, line.line_no, line.wanted, input, now)? {
                Err(refusal) => WeighOutcome::Refused(refusal),
                Ok(bulk) => self.record(
                    tx,
                    order,
                    line.line_no,
                    line.wanted,
                    &bulk,
                    input,
                    portion,
                    agent,
                    now,
                    today,
                )?,
            };
            let outcome_key = match &outcome {
                WeighOutcome::Recorded { .. } => "weight_accepted".to_owned(),
                WeighOutcome::Refused(r) => format!("weight_refused:{}", r.key()),
            };
            let refused = matches!(outcome, WeighOutcome::Refused(_));
            self.log_weighing(
                tx,
                now,
                (order, agent),
                &input.reading.raw,
                &outcome_key,
                refused,
            )?;
            Ok(outcome)
        })
    }

    /// Records a weighing the station turned down before it reached [`Self::weigh_out`] (the scale
    /// itself was wrong: calibration overdue, another scale on the port, overload, a fault): in the
    /// order's scan log, so it counts as a refusal, and in the audit log, so an attempt to weigh on
    /// an unfit scale is on record. `reason` is a stable key, `detail` the words shown.
    pub fn record_station_refusal(
        &self,
        order: &str,
        line_no: i64,
        raw: &str,
        reason: &str,
        detail: &str,
        agent: &str,
    ) -> WorkflowResult<()> {
        let now = self.now();
        self.write(|tx| {
            pickable_order(tx, order)?;
            let outcome = format!("weight_refused:{reason}");
            self.log_weighing(tx, now, (order, agent), raw, &outcome, true)?;
            audit(
                tx,
                now,
                agent,
                "weight_refused",
                order,
                &format!("line {line_no}: {detail} (scale said {raw:?})"),
            )
        })
    }

    /// One weighing in the order's scan log (the speed panel counts its refusals).
    fn log_weighing(
        &self,
        tx: &rusqlite::Connection,
        now: chrono::DateTime<chrono::Utc>,
        (order, agent): (&str, &str),
        raw: &str,
        outcome: &str,
        refused: bool,
    ) -> WorkflowResult<()> {
        self.log_scan(
            tx,
            now,
            ScanEvent {
                order,
                agent,
                phase: Phase::Weigh,
                scanned: raw,
                outcome,
                refused,
            },
        )
    }

    /// Checks the reading and the bulk package; `Ok(bulk)` when the weight can be taken.
    fn judge(
        &self,
        tx: &rusqlite::Connection,
        order: &str,
        line_no: i64,
        target: Quantity,
        input: &WeighInput,
        now: chrono::DateTime<chrono::Utc>,
    ) -> WorkflowResult<Result<Package, WeighRefusal>> {
        let bulk_uid: Option<String> = tx
            .query_row(
                "SELECT bulk_uid FROM weigh_sessions WHERE order_id = ?1 AND line_no = ?2",
                params![order, line_no],
                |r| r.get(0),
            )
            .optional()?;
        let Some(bulk) = bulk_uid
            .map(|u| store::load_package(tx, &u))
            .transpose()?
            .flatten()
        else {
            return Ok(Err(WeighRefusal::NoBulkScanned));
        };
        let r = &input.reading;
        if !r.stable {
            return Ok(Err(WeighRefusal::Unstable));
        }
        let age = now - r.at;
        if age > input.max_age || -age > input.max_age {
            return Ok(Err(WeighRefusal::Stale {
                age_ms: age.num_milliseconds(),
                max_ms: input.max_age.num_milliseconds(),
            }));
        }
        let allowed = input.tolerance.allowed_mg();
        if r.net_mg <= 0 || (r.net_mg - target.amount).abs() > allowed {
            return Ok(Err(WeighRefusal::OutOfTolerance {
                net: Quantity::milligrams(r.net_mg),
                target,
                tolerance: Quantity::milligrams(allowed),
            }));
        }
        if bulk.status != PackageStatus::Active {
            return Ok(Err(WeighRefusal::BulkNotActive {
                status: bulk.status,
            }));
        }
        if bulk.quantity.amount < r.net_mg {
            return Ok(Err(WeighRefusal::NotEnoughInBulk {
                left: bulk.quantity,
                net: Quantity::milligrams(r.net_mg),
            }));
        }
        Ok(Ok(bulk))
    }

    #[allow(clippy::too_many_arguments)]
    fn record(
        &self,
        tx: &rusqlite::Transaction<'_>,
        order: &str,
        line_no: i64,
        target: Quantity,
        bulk: &Package,
        input: &WeighInput,
        portion: PortionUid,
        agent: &str,
        now: chrono::DateTime<chrono::Utc>,
        today: chrono::NaiveDate,
    ) -> WorkflowResult<WeighOutcome> {
        let net = input.reading.net_mg;
        let (uid, provisional) = match portion {
            PortionUid::FromPool => match lots::take_pool_id(tx, now)? {
                Ok(uid) => (uid, false),
                Err(why) => return Ok(WeighOutcome::Refused(WeighRefusal::NoPortionUid { why })),
            },
            PortionUid::Provisional(uid) => {
                if uid.as_str().trim().is_empty() {
                    return Err(WorkflowError::Invalid(
                        "the portion needs a package id".into(),
                    ));
                }
                if store::load_package(tx, uid.as_str())?.is_some() {
                    return Ok(WeighOutcome::Refused(WeighRefusal::PortionUidTaken { uid }));
                }
                (uid, true)
            }
        };
        let new = Package {
            uid: uid.clone(),
            sku: bulk.sku.clone(),
            batch: bulk.batch.clone(),
            packaged_on: today,
            expires_on: bulk.expires_on,
            quantity: Quantity::milligrams(net),
            state_quantity: None,
            location: bulk.location.clone(),
            status: PackageStatus::Active,
            qa: bulk.qa,
            sealed: false,
        };
        lots::split_lot(tx, bulk, &new, !provisional, agent, now)?;
        let pick_id = insert_pick(
            tx,
            order,
            line_no,
            &uid,
            Quantity::milligrams(net),
            agent,
            &self.settings.station,
            now,
        )?;
        tx.execute(
            "INSERT INTO weighings (pick_id, bulk_uid, portion_uid, provisional, gross_mg, tare_mg, net_mg, target_mg,
                                    tolerance_mg, scale_id, raw, read_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                pick_id, bulk.uid.as_str(), uid.as_str(), provisional, net + input.tare_mg, input.tare_mg, net,
                target.amount, input.tolerance.allowed_mg(), input.scale_id, input.reading.raw, fmt_time(input.reading.at)
            ],
        )?;
        tx.execute(
            "DELETE FROM weigh_sessions WHERE order_id = ?1 AND line_no = ?2",
            params![order, line_no],
        )?;
        let detail = format!(
            "line {line_no}: {} from {} into {uid}{} (gross {} mg, tare {} mg, scale {}: {:?})",
            Quantity::milligrams(net),
            bulk.uid,
            if provisional { " (provisional id)" } else { "" },
            net + input.tare_mg,
            input.tare_mg,
            input.scale_id,
            input.reading.raw
        );
        audit(tx, now, agent, "weighed_out", order, &detail)?;
        Ok(WeighOutcome::Recorded {
            line_no,
            portion_uid: uid,
            net: Quantity::milligrams(net),
            provisional,
        })
    }

    /// The scan of the portion's printed label must read the portion's id; only then is the line done.
    pub fn confirm_portion_label(
        &self,
        order: &str,
        line_no: i64,
        scanned: &str,
        agent: &str,
    ) -> WorkflowResult<LabelCheck> {
        let now = self.now();
        self.write(|tx| {
            pickable_order(tx, order)?;
            let expected: String = tx
                .query_row(
                    "SELECT w.portion_uid FROM weighings w JOIN picks p ON p.id = w.pick_id
                     WHERE p.order_id = ?1 AND p.line_no = ?2",
                    params![order, line_no],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or_else(|| {
                    WorkflowError::NotReady(format!(
                        "line {line_no} has no weighed portion yet: weigh it out first"
                    ))
                })?;
            let got = match normalize_scan(scanned) {
                ScannedCode::Id(id) => id,
                _ => scanned.trim().to_owned(),
            };
            let check = if got == expected {
                tx.execute(
                    "UPDATE weighings SET label_confirmed_at = ?2 WHERE portion_uid = ?1",
                    params![expected, fmt_time(now)],
                )?;
                audit(
                    tx,
                    now,
                    agent,
                    "portion_label_confirmed",
                    order,
                    &format!("line {line_no}: {expected}"),
                )?;
                LabelCheck::Matches { uid: Uid(expected) }
            } else {
                audit(
                    tx,
                    now,
                    agent,
                    "portion_label_void",
                    order,
                    &format!("line {line_no}: expected {expected}, scanned {got:?}"),
                )?;
                LabelCheck::Mismatch {
                    expected: Uid(expected),
                    got,
                }
            };
            self.log_scan(
                tx,
                now,
                ScanEvent {
                    order,
                    agent,
                    phase: Phase::Label,
                    scanned,
                    outcome: check.sound().as_str(),
                    refused: matches!(check, LabelCheck::Mismatch { .. }),
                },
            )?;
            Ok(check)
        })
    }
}
