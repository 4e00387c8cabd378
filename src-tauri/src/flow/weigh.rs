//! The weigh-out at the station: the technician presses Enter (or scans CONFIRM) with the portion on
//! the scale; the scale's current reading is judged and, if it stands, recorded and labelled.
//!
//! Two judges, each for what it knows. The station (`vaultpick_devices::weigh::WeighIn`) refuses
//! what is wrong with the scale itself: calibration overdue, a different scale on the port, a fault,
//! overload or underload, a load under the scale's minimum. The workflow (`Workflow::weigh_out`)
//! refuses what is wrong with the weighing for this line — unstable, stale, out of tolerance, not
//! enough left in bulk — and keeps those refusals in the order's scan log. A reading that passes both
//! becomes the portion package, its `inventory_split` in the outbox and its printed label.

use super::print::{self, PrintRecord, PrintRequest, PrintTarget, Printable};
use crate::devices::{ScaleUseError, WeightReading, WeightView};
use crate::engine::Engine;
use rust_decimal::Decimal;
use serde::Serialize;
use std::path::Path;
use std::time::Instant;
use vaultpick_core::domain::QuantityUnit;
use vaultpick_core::workflow::{
    PickSnapshot, PortionUid, SoundKey, Tolerance, WeighInput, WeighOutcome, Workflow,
    WorkflowError,
};
use vaultpick_devices::driver::DriverError;
use vaultpick_devices::weigh::{Jurisdiction, Refusal, WeighIn};

/// The feedback key of an accepted weighing.
pub const ACCEPTED: &str = "weight_accepted";

/// What the weigh-out screen shows after Enter.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct WeighFeedback {
    /// The workflow's answer; `None` when the station refused the reading before the workflow saw it.
    pub outcome: Option<WeighOutcome>,
    /// `weight_accepted`, or the refusal's reason (`unstable`, `out_of_tolerance`, `overload`, ...).
    pub key: String,
    pub sound: SoundKey,
    pub next_step: String,
    /// The reading that was judged.
    pub weight: WeightView,
    /// The new package's label as printed, or why it did not print. The portion exists either way;
    /// REPRINT prints its label again.
    pub label: Option<PrintRecord>,
    pub label_error: Option<String>,
    pub snapshot: PickSnapshot,
}

/// Judges `reading` for the order's weighed line and, when it stands, records the portion and prints
/// its label (to `print_dir` if given, else through the OS). Blocking (SQLite, PDF rendering): run it
/// off the async threads.
pub fn weigh_line(
    engine: &Engine,
    agent: &str,
    (order, line_no): (&str, i64),
    reading: &WeightReading,
    print_dir: Option<&Path>,
) -> Result<WeighFeedback, WorkflowError> {
    super::with_workflow(engine, |wf| {
        judge_and_record(engine, wf, agent, (order, line_no), reading, print_dir)
    })
}

fn judge_and_record(
    engine: &Engine,
    wf: &Workflow<'_>,
    agent: &str,
    (order, line_no): (&str, i64),
    reading: &WeightReading,
    print_dir: Option<&Path>,
) -> Result<WeighFeedback, WorkflowError> {
    let rules = Jurisdiction::default();
    let weight = WeightView::from(reading);
    let snapshot = wf.pick_snapshot(order)?;
    let line = snapshot
        .lines
        .iter()
        .find(|l| l.line_no == line_no)
        .ok_or_else(|| WorkflowError::Invalid(format!("order {order} has no line {line_no}")))?;
    if line.wanted.unit != QuantityUnit::Milligram {
        return Err(WorkflowError::Invalid(format!(
            "line {line_no} is counted, not weighed out"
        )));
    }
    let today = engine
        .clock()
        .now()
        .with_timezone(&chrono::Local)
        .date_naive();
    let station = WeighIn {
        profile: &reading.profile,
        rules: &rules,
        target_g: Decimal::new(line.wanted.amount, 3),
        tare_g: reading.tare_g,
        connected_serial: reading.scale_serial.as_deref(),
    }
    .judge(&reading.timed, today, Instant::now());
    let refused = |refusal: Refusal| -> Result<WeighFeedback, WorkflowError> {
        let feedback = station_refused(&refusal, weight.clone(), snapshot.clone());
        wf.record_station_refusal(
            order,
            line_no,
            &reading.timed.reading.raw,
            &feedback.key,
            &feedback.next_step,
            agent,
        )?;
        Ok(feedback)
    };
    let scale_reading = match (station, &reading.reading) {
        (Err(refusal), _) if !workflow_judges(&refusal) => return refused(refusal),
        (_, None) => {
            return refused(Refusal::NoWeight {
                raw: reading.timed.reading.raw.clone(),
            });
        }
        (_, Some(r)) => r.clone(),
    };
    let e_mg = reading.e_mg().ok_or_else(|| {
        WorkflowError::Invalid(
            "the scale's e is finer than a milligram: check the scale in Device settings".into(),
        )
    })?;
    let input = WeighInput {
        reading: scale_reading,
        tare_mg: reading.tare_mg(),
        scale_id: reading
            .scale_serial
            .clone()
            .or_else(|| reading.profile.serial.clone())
            .unwrap_or_else(|| "unidentified scale".into()),
        tolerance: Tolerance::one_e(e_mg),
        max_age: chrono::Duration::from_std(rules.max_age)
            .unwrap_or_else(|_| chrono::Duration::seconds(3)),
    };
    let outcome = wf.weigh_out(order, line_no, &input, PortionUid::FromPool, agent)?;
    let snapshot = wf.pick_snapshot(order)?;
    let (label, label_error) = match &outcome {
        WeighOutcome::Recorded { portion_uid, .. } => {
            engine.wake_outbox();
            let request = PrintRequest {
                what: Printable::PackageLabel {
                    uid: portion_uid.to_string(),
                },
                target: PrintTarget::Print,
                reprint_reason: None,
            };
            match print::print_to(engine, agent, &request, print_dir) {
                Ok(record) => (Some(record), None),
                Err(e) => (None, Some(e.to_string())),
            }
        }
        WeighOutcome::Refused(_) => (None, None),
    };
    let key = match &outcome {
        WeighOutcome::Recorded { .. } => ACCEPTED.to_owned(),
        WeighOutcome::Refused(r) => serde_key(r),
    };
    Ok(WeighFeedback {
        key,
        sound: outcome.sound(),
        next_step: outcome.next_step(),
        outcome: Some(outcome),
        weight,
        label,
        label_error,
        snapshot,
    })
}

/// The scale itself refused to give a weight (overload, underload, its own fault): that is a refused
/// weighing too, so it goes on the order's record like the station's other refusals. Other scale
/// errors (unplugged, no answer) are not weighings and are only shown. Returns whether it was kept.
pub fn record_scale_refusal(
    engine: &Engine,
    agent: &str,
    (order, line_no): (&str, i64),
    error: &ScaleUseError,
) -> Result<bool, WorkflowError> {
    let key = match error {
        ScaleUseError::Driver(DriverError::Overload) => "overload",
        ScaleUseError::Driver(DriverError::Underload) => "underload",
        ScaleUseError::Driver(DriverError::Device(_)) => "scale_fault",
        _ => return Ok(false),
    };
    super::with_workflow(engine, |wf| {
        wf.record_station_refusal(order, line_no, "", key, &error.to_string(), agent)
    })?;
    Ok(true)
}

/// The refusals the workflow makes itself (and keeps in the scan log) when the station lets them by.
fn workflow_judges(r: &Refusal) -> bool {
    matches!(
        r,
        Refusal::Unstable | Refusal::Stale { .. } | Refusal::OutOfTolerance { .. }
    )
}

fn station_refused(r: &Refusal, weight: WeightView, snapshot: PickSnapshot) -> WeighFeedback {
    let what_now = match r {
        Refusal::CalibrationOverdue { .. } | Refusal::WrongScale { .. } => {
            "Tell the Inventory Manager; do not weigh on this scale."
        }
        Refusal::Overload => "Take the load off: it is over the scale's capacity.",
        Refusal::Underload => "The pan is lighter than zero: empty it and press Z to zero.",
        Refusal::ScaleFault(_) | Refusal::NoWeight { .. } => {
            "Check the scale's display, then try again."
        }
        Refusal::BelowMinimumLoad { .. } => {
            "This scale cannot weigh so little legally: use a finer scale."
        }
        Refusal::Unstable | Refusal::Stale { .. } | Refusal::OutOfTolerance { .. } => {
            "Read the scale again."
        }
    };
    WeighFeedback {
        outcome: None,
        key: serde_key(r),
        sound: SoundKey::WeightRefused,
        next_step: format!("{}: {what_now}", capitalised(&r.to_string())),
        weight,
        label: None,
        label_error: None,
        snapshot,
    }
}

/// A refusal's serde tag (`reason`), the stable key the UI and tests read.
fn serde_key(r: &impl Serialize) -> String {
    serde_json::to_value(r)
        .ok()
        .and_then(|v| v.get("reason").and_then(|k| k.as_str()).map(str::to_owned))
        .unwrap_or_else(|| "refused".into())
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[cfg(test)]
#[path = "weigh_tests.rs"]
mod tests;
