//! The pick/verify workflow's commands: each unpacks state, runs the workflow off the async threads as
//! the acting agent (`flow::agent::acting_agent`) and maps the error. Scan answers carry their sound
//! and next step so the UI only renders.

use super::error::IpcErrorCode;
use super::{IpcError, on_engine};
use crate::devices::ScaleUseError;
use crate::engine::Engine;
use crate::flow::print::{self, PrintRecord, PrintRequest, PrintTarget, Printable};
use crate::flow::weigh::{self, WeighFeedback};
use crate::flow::{agent::acting_agent, with_workflow};
use serde::Serialize;
use std::sync::Arc;
use tauri::State;
use vaultpick_core::domain::{OrderStatus, Uid};
use vaultpick_core::workflow::{
    DiscrepancyReport, LabelCheck, PickSnapshot, ScanVerdict, SoundKey, SpeedStats, StageReceipt,
    VerifyVerdict, VerifyView, Workflow, WorkflowError, WorkflowResult, speed_stats,
};

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ScanFeedback {
    pub verdict: ScanVerdict,
    pub sound: SoundKey,
    pub next_step: String,
    pub accepted: bool,
    pub refused: bool,
    pub snapshot: PickSnapshot,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct LabelFeedback {
    pub check: LabelCheck,
    pub sound: SoundKey,
    pub next_step: String,
    pub snapshot: PickSnapshot,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct VerifyFeedback {
    pub verdict: VerifyVerdict,
    pub sound: SoundKey,
    pub next_step: String,
    pub view: VerifyView,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct StageResult {
    pub receipt: StageReceipt,
    /// The exit-bag label as printed, or why it was not (the order is staged either way).
    pub exit_bag: Option<PrintRecord>,
    pub exit_bag_error: Option<String>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct SpeedPanel {
    pub agent: SpeedStats,
    pub shift: SpeedStats,
}

/// A shift, for the speed panel: the last twelve hours.
const SHIFT_HOURS: i64 = 12;

impl From<WorkflowError> for IpcError {
    fn from(e: WorkflowError) -> Self {
        let e = match e {
            WorkflowError::Core(core) => return IpcError::from(core),
            other => other,
        };
        let code = match &e {
            WorkflowError::NotFound { .. } => IpcErrorCode::NotFound,
            _ => IpcErrorCode::Invalid,
        };
        IpcError {
            code,
            message: e.to_string(),
        }
    }
}

/// Runs `f` off the async threads with the workflow and the acting agent.
async fn on_flow<T: Send + 'static>(
    engine: &Arc<Engine>,
    f: impl FnOnce(&Workflow<'_>, &str) -> WorkflowResult<T> + Send + 'static,
) -> Result<T, IpcError> {
    on_engine(engine, move |e| -> Result<T, IpcError> {
        let agent = acting_agent(e)?;
        Ok(with_workflow(e, |wf| f(wf, &agent))?)
    })
    .await
}

fn scan_feedback(wf: &Workflow<'_>, order: &str, v: ScanVerdict) -> WorkflowResult<ScanFeedback> {
    Ok(ScanFeedback {
        sound: v.sound(),
        next_step: v.next_step(),
        accepted: v.is_accepted(),
        refused: v.is_refusal(),
        snapshot: wf.pick_snapshot(order)?,
        verdict: v,
    })
}

fn verify_feedback(
    wf: &Workflow<'_>,
    order: &str,
    v: VerifyVerdict,
) -> WorkflowResult<VerifyFeedback> {
    Ok(VerifyFeedback {
        sound: v.sound(),
        next_step: v.next_step(),
        view: wf.verify_view(order)?,
        verdict: v,
    })
}

#[tauri::command]
#[specta::specta]
pub async fn flow_claim(
    engine: State<'_, Arc<Engine>>,
    order: String,
) -> Result<PickSnapshot, IpcError> {
    on_flow(&engine, move |wf, agent| {
        wf.claim(&order, agent)?;
        wf.pick_snapshot(&order)
    })
    .await
}

/// Claims the order whose ticket barcode was scanned.
#[tauri::command]
#[specta::specta]
pub async fn flow_claim_ticket(
    engine: State<'_, Arc<Engine>>,
    scanned: String,
) -> Result<PickSnapshot, IpcError> {
    on_flow(&engine, move |wf, agent| {
        let order = wf.claim_by_ticket(&scanned, agent)?;
        wf.pick_snapshot(&order)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn flow_snapshot(
    engine: State<'_, Arc<Engine>>,
    order: String,
) -> Result<PickSnapshot, IpcError> {
    on_flow(&engine, move |wf, _| wf.pick_snapshot(&order)).await
}

#[tauri::command]
#[specta::specta]
pub async fn flow_scan(
    engine: State<'_, Arc<Engine>>,
    order: String,
    line_no: Option<i64>,
    scanned: String,
) -> Result<ScanFeedback, IpcError> {
    on_flow(&engine, move |wf, agent| {
        let v = wf.scan(&order, line_no, &scanned, agent)?;
        scan_feedback(wf, &order, v)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn flow_confirm_seal(
    engine: State<'_, Arc<Engine>>,
    order: String,
    tamper_ok: bool,
    expiry_ok: bool,
) -> Result<ScanFeedback, IpcError> {
    on_flow(&engine, move |wf, agent| {
        let v = wf.confirm_sealed(&order, tamper_ok, expiry_ok, agent)?;
        scan_feedback(wf, &order, v)
    })
    .await
}

/// The scan of a weighed portion's printed label must read its UID.
#[tauri::command]
#[specta::specta]
pub async fn flow_confirm_label(
    engine: State<'_, Arc<Engine>>,
    order: String,
    line_no: i64,
    scanned: String,
) -> Result<LabelFeedback, IpcError> {
    on_flow(&engine, move |wf, agent| {
        let check = wf.confirm_portion_label(&order, line_no, &scanned, agent)?;
        Ok(LabelFeedback {
            sound: check.sound(),
            next_step: check.next_step(),
            snapshot: wf.pick_snapshot(&order)?,
            check,
        })
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn flow_start_verify(
    engine: State<'_, Arc<Engine>>,
    order: String,
) -> Result<VerifyView, IpcError> {
    on_flow(&engine, move |wf, agent| wf.start_verify(&order, agent)).await
}

#[tauri::command]
#[specta::specta]
pub async fn flow_verify_view(
    engine: State<'_, Arc<Engine>>,
    order: String,
) -> Result<VerifyView, IpcError> {
    on_flow(&engine, move |wf, _| wf.verify_view(&order)).await
}

#[tauri::command]
#[specta::specta]
pub async fn flow_verify_scan(
    engine: State<'_, Arc<Engine>>,
    order: String,
    scanned: String,
) -> Result<VerifyFeedback, IpcError> {
    on_flow(&engine, move |wf, agent| {
        let v = wf.verify_scan(&order, &scanned, agent)?;
        verify_feedback(wf, &order, v)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn flow_finish_verify(
    engine: State<'_, Arc<Engine>>,
    order: String,
) -> Result<VerifyView, IpcError> {
    on_flow(&engine, move |wf, agent| {
        wf.finish_verify_pass(&order, agent)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn flow_restart_verify(
    engine: State<'_, Arc<Engine>>,
    order: String,
) -> Result<VerifyView, IpcError> {
    on_flow(&engine, move |wf, agent| wf.restart_verify(&order, agent)).await
}

#[tauri::command]
#[specta::specta]
pub async fn flow_back_to_picking(
    engine: State<'_, Arc<Engine>>,
    order: String,
) -> Result<PickSnapshot, IpcError> {
    on_flow(&engine, move |wf, agent| {
        wf.back_to_picking(&order, agent)?;
        wf.pick_snapshot(&order)
    })
    .await
}

/// Judges the scale's current reading for a weighed line (Enter on the weigh-out screen): a reading
/// that stands becomes the portion package and its split, and its label prints.
#[tauri::command]
#[specta::specta]
pub async fn flow_weigh(
    engine: State<'_, Arc<Engine>>,
    order: String,
    line_no: i64,
) -> Result<WeighFeedback, IpcError> {
    let scale = engine
        .devices()
        .scale()
        .ok_or_else(|| IpcError::device(ScaleUseError::NotConfigured))?;
    let read = scale.current_weight().await;
    let feedback = on_engine(&engine, move |engine| -> Result<_, IpcError> {
        let agent = acting_agent(engine)?;
        let reading = match read {
            Ok(reading) => reading,
            Err(e) => {
                // Overload, underload or the scale's own fault is a refused weighing: on record.
                if let Err(not_kept) =
                    weigh::record_scale_refusal(engine, &agent, (&order, line_no), &e)
                {
                    tracing::warn!(error = %not_kept, "a refused weighing could not be recorded");
                }
                return Err(IpcError::device(e));
            }
        };
        let print_dir = print::print_dir();
        Ok(weigh::weigh_line(
            engine,
            &agent,
            (&order, line_no),
            &reading,
            print_dir.as_deref(),
        )?)
    })
    .await?;
    if feedback.key == weigh::ACCEPTED {
        // The container leaves with the portion: the next one is tared afresh, so every weighing
        // records its own container's tare.
        if let Err(e) = scale.clear_tare().await {
            tracing::warn!(error = %e, "could not clear the tare after a weigh-out");
        }
    }
    Ok(feedback)
}

/// Commits the verified order to pending sale at the scanned staging location, then prints its
/// exit-bag label.
#[tauri::command]
#[specta::specta]
pub async fn flow_commit_stage(
    engine: State<'_, Arc<Engine>>,
    order: String,
    staging_scan: String,
) -> Result<StageResult, IpcError> {
    let receipt = on_flow(&engine, {
        let order = order.clone();
        move |wf, agent| wf.commit_and_stage(&order, &staging_scan, agent)
    })
    .await?;
    engine.wake_outbox();
    let bag = PrintRequest {
        what: Printable::ExitBag { order },
        target: PrintTarget::Print,
        reprint_reason: None,
    };
    let printed = on_engine_print(&engine, bag).await;
    Ok(StageResult {
        receipt,
        exit_bag_error: printed.as_ref().err().map(|e| e.message.clone()),
        exit_bag: printed.ok(),
    })
}

#[tauri::command]
#[specta::specta]
pub async fn flow_hand_off(
    engine: State<'_, Arc<Engine>>,
    order: String,
) -> Result<OrderStatus, IpcError> {
    on_flow(&engine, move |wf, agent| wf.hand_off(&order, agent)).await
}

#[tauri::command]
#[specta::specta]
pub async fn flow_pause(
    engine: State<'_, Arc<Engine>>,
    order: String,
    reason: String,
) -> Result<OrderStatus, IpcError> {
    on_flow(&engine, move |wf, agent| wf.pause(&order, &reason, agent)).await
}

#[tauri::command]
#[specta::specta]
pub async fn flow_resume(
    engine: State<'_, Arc<Engine>>,
    order: String,
) -> Result<PickSnapshot, IpcError> {
    on_flow(&engine, move |wf, agent| {
        wf.resume(&order, agent)?;
        wf.pick_snapshot(&order)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn flow_release(
    engine: State<'_, Arc<Engine>>,
    order: String,
) -> Result<OrderStatus, IpcError> {
    on_flow(&engine, move |wf, agent| wf.release(&order, agent)).await
}

/// What cancelling did: the packages going back to the vault, and the labels printed for the lots
/// that were split off at commit (their units still carry the old lot's label).
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct CancelResult {
    pub returned: Vec<Uid>,
    pub labels: Vec<PrintRecord>,
    pub label_errors: Vec<String>,
}

/// Cancels the order; a staged order's packages get moves back to the vault queued. Units split off
/// a lot at commit go back as a lot of their own, so their new label prints here.
#[tauri::command]
#[specta::specta]
pub async fn flow_cancel(
    engine: State<'_, Arc<Engine>>,
    order: String,
    reason: String,
) -> Result<CancelResult, IpcError> {
    let cancelled = on_flow(&engine, move |wf, agent| wf.cancel(&order, &reason, agent)).await?;
    engine.wake_outbox();
    let mut result = CancelResult {
        returned: cancelled.returned,
        labels: Vec::new(),
        label_errors: Vec::new(),
    };
    for uid in cancelled.split_off {
        let label = PrintRequest {
            what: Printable::PackageLabel {
                uid: uid.to_string(),
            },
            target: PrintTarget::Print,
            reprint_reason: None,
        };
        match on_engine_print(&engine, label).await {
            Ok(record) => result.labels.push(record),
            Err(e) => result.label_errors.push(format!("{uid}: {}", e.message)),
        }
    }
    Ok(result)
}

/// The "on the shelf but zero in the state system" drill: quarantine, pause, tell the manager.
#[tauri::command]
#[specta::specta]
pub async fn flow_report_discrepancy(
    engine: State<'_, Arc<Engine>>,
    order: String,
    scanned: String,
) -> Result<DiscrepancyReport, IpcError> {
    let report = on_flow(&engine, move |wf, agent| {
        wf.report_state_discrepancy(&order, &scanned, agent)
    })
    .await?;
    engine.wake_outbox();
    Ok(report)
}

#[tauri::command]
#[specta::specta]
pub async fn flow_speed(engine: State<'_, Arc<Engine>>) -> Result<SpeedPanel, IpcError> {
    let engine2 = Arc::clone(&engine);
    on_flow(&engine, move |_, agent| {
        let until = engine2.clock().now();
        let since = until - chrono::Duration::hours(SHIFT_HOURS);
        Ok(SpeedPanel {
            agent: speed_stats(engine2.store(), since, until, Some(agent))?,
            shift: speed_stats(engine2.store(), since, until, None)?,
        })
    })
    .await
}

async fn on_engine_print(engine: &Arc<Engine>, req: PrintRequest) -> Result<PrintRecord, IpcError> {
    on_engine(engine, move |e| -> Result<PrintRecord, IpcError> {
        let agent = acting_agent(e)?;
        Ok(print::print(e, &agent, &req)?)
    })
    .await
}

/// Prints or saves a label, ticket or the command sheet; recorded in the audit log.
#[tauri::command]
#[specta::specta]
pub async fn flow_print(
    engine: State<'_, Arc<Engine>>,
    request: PrintRequest,
) -> Result<PrintRecord, IpcError> {
    on_engine_print(&engine, request).await
}
