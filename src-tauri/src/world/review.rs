//! The Inventory Manager's review screen: BioTrack changes the state system refused (with its own
//! words), resolved by retry / edit / discard with a reason; and the discrepancy notifications.

use crate::engine::Engine;
use crate::ipc::IpcError;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use vaultpick_core::CoreError;
use vaultpick_core::domain::{Quantity, QuantityUnit};
use vaultpick_core::outbox::{self, Resolution, ReviewItem};
use vaultpick_core::ports::TraceOp;
use vaultpick_core::workflow;

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ReviewRow {
    pub id: i64,
    pub package: String,
    /// "move", "split" or "adjust".
    pub action: String,
    /// The change in plain words.
    pub summary: String,
    /// The change as data, for the edit box.
    pub op_json: String,
    pub created_at: DateTime<Utc>,
    pub actor: String,
    /// BioTrack's own error text.
    pub error: String,
    /// Later changes on the same package waiting behind this one.
    pub held_behind: u32,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReviewAction {
    Retry,
    /// Send this corrected change (JSON, as shown in `op_json`) instead.
    Edit {
        op_json: String,
    },
    Discard,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct NoticeRow {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub kind: String,
    pub subject: String,
    pub order_id: Option<String>,
    pub message: String,
    pub raised_by: String,
}

fn amount(q: &Quantity) -> String {
    match q.unit {
        QuantityUnit::Milligram => format!("{:.3} g", q.amount as f64 / 1000.0),
        QuantityUnit::Each => format!("{} each", q.amount),
    }
}

fn describe(op: &TraceOp) -> (&'static str, String) {
    match op {
        TraceOp::Move { uid, room } => ("move", format!("move {} to room {room}", uid.as_str())),
        TraceOp::Split {
            from,
            quantity,
            new_uid,
        } => (
            "split",
            match new_uid {
                Some(n) => format!(
                    "weigh out {} from {} into {}",
                    amount(quantity),
                    from.as_str(),
                    n.as_str()
                ),
                None => format!("weigh out {} from {}", amount(quantity), from.as_str()),
            },
        ),
        TraceOp::Adjust {
            uid,
            new_quantity,
            reason,
            note,
        } => (
            "adjust",
            format!(
                "adjust {} to {} ({reason:?}): {note}",
                uid.as_str(),
                amount(new_quantity)
            ),
        ),
    }
}

fn row(item: ReviewItem) -> ReviewRow {
    let (action, summary) = describe(&item.op);
    ReviewRow {
        id: item.id,
        package: item.package,
        action: action.to_owned(),
        summary,
        op_json: serde_json::to_string_pretty(&item.op).unwrap_or_default(),
        created_at: item.created_at,
        actor: item.actor,
        error: item.error,
        held_behind: item.held_behind,
    }
}

impl Engine {
    pub fn review_queue(&self) -> Result<Vec<ReviewRow>, IpcError> {
        self.acting_agent()?;
        let items = self.store.read(outbox::review_queue)?;
        Ok(items.into_iter().map(row).collect())
    }

    /// Retry, edit or discard a refused change: manager only, with a reason (audited by the core).
    pub fn resolve_review(
        &self,
        id: i64,
        action: ReviewAction,
        reason: &str,
    ) -> Result<(), IpcError> {
        let manager = self.acting_manager()?;
        let resolution = match action {
            ReviewAction::Retry => Resolution::Retry,
            ReviewAction::Discard => Resolution::Discard,
            ReviewAction::Edit { op_json } => {
                let op: TraceOp = serde_json::from_str(&op_json).map_err(|e| {
                    IpcError::from(CoreError::Invalid(format!(
                        "the edited change is not valid: {e}"
                    )))
                })?;
                Resolution::Edit(op)
            }
        };
        let now = self.clock.now();
        self.store
            .write(|tx| outbox::resolve_review(tx, id, &resolution, &manager.badge, reason, now))?;
        self.wake_outbox();
        Ok(())
    }

    pub fn notices(&self) -> Result<Vec<NoticeRow>, IpcError> {
        self.acting_agent()?;
        let list = workflow::notifications(&self.store, false)?;
        Ok(list
            .into_iter()
            .map(|n| NoticeRow {
                id: n.id,
                at: n.at,
                kind: n.kind,
                subject: n.subject,
                order_id: n.order_id,
                message: n.message,
                raised_by: n.raised_by,
            })
            .collect())
    }

    pub fn acknowledge_notice(&self, id: i64) -> Result<bool, IpcError> {
        let manager = self.acting_manager()?;
        Ok(workflow::acknowledge_notification(
            &self.store,
            self.clock.as_ref(),
            id,
            &manager.badge,
        )?)
    }
}
