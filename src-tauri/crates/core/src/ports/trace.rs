//! The state track-and-trace system (BioTrack first). The outbox calls this; nothing else writes to it.
//!
//! The adapter owns the state system's semantics (wire format, session handling, how to tell whether a
//! lost request took effect); the outbox owns ordering, retries and the review queue.

use crate::domain::{Quantity, Uid};
use std::future::Future;

/// Why a package's quantity is corrected. BioTrack v1 numbers these 1–6 (`inventory_adjust` `type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdjustReason {
    InventoryAudit,
    Theft,
    Seizure,
    Correction,
    MoistureLoss,
    Depletion,
}

impl AdjustReason {
    pub const ALL: [AdjustReason; 6] = [
        AdjustReason::InventoryAudit,
        AdjustReason::Theft,
        AdjustReason::Seizure,
        AdjustReason::Correction,
        AdjustReason::MoistureLoss,
        AdjustReason::Depletion,
    ];

    /// BioTrack v1's reason code.
    pub fn code(self) -> u8 {
        match self {
            AdjustReason::InventoryAudit => 1,
            AdjustReason::Theft => 2,
            AdjustReason::Seizure => 3,
            AdjustReason::Correction => 4,
            AdjustReason::MoistureLoss => 5,
            AdjustReason::Depletion => 6,
        }
    }

    pub fn from_code(code: u8) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// A change we ask the state system to make. Stored as JSON in the outbox table: keep it stable.
/// Quantities carry their unit (milligrams for weighed goods, units for counted ones); the adapter
/// converts to the state system's units.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TraceOp {
    /// Move a package to another room (pending-sale staging, quarantine, back to the vault).
    /// `room` is the state system's room id (per-state settings map roles to ids).
    Move { uid: Uid, room: i64 },
    /// Weigh out `quantity` from `from` into a new package. `new_uid` is an id taken from the
    /// pre-assigned pool (offline weigh-out); `None` lets the state system mint one.
    Split {
        from: Uid,
        quantity: Quantity,
        new_uid: Option<Uid>,
    },
    /// Set a package's quantity to `new_quantity` (absolute, not a delta) with a reason code and a
    /// free-text note the state system keeps.
    Adjust {
        uid: Uid,
        new_quantity: Quantity,
        reason: AdjustReason,
        note: String,
    },
}

/// What the state system said about a change it accepted. Stored as JSON in the outbox row.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TraceReceipt {
    /// The state system's transaction id for the change (BioTrack: one global increasing counter).
    pub transaction_id: i64,
    /// For a split: the id the state system gave the new package.
    pub new_uid: Option<Uid>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TraceError {
    /// Nothing was applied (unreachable, refused at the door, "try again later"): safe to resend.
    #[error("state system unreachable: {0}")]
    Transient(String),
    /// The request may or may not have been applied (timeout, lost reply): call
    /// [`TraceSystem::find_applied`] before any resend.
    #[error("no answer from the state system; it may have applied the change: {0}")]
    Ambiguous(String),
    /// The state system refused this change (business rule); the text is the state system's own.
    /// Nothing was applied. A person must look at it.
    #[error("state system refused: {0}")]
    Rejected(String),
    /// The account was refused (bad credentials, missing privilege). Nothing was applied, and nothing
    /// will be until the account is fixed: this is about the account, not about the op.
    #[error("state system refused the account: {0}")]
    Unauthorized(String),
}

impl TraceError {
    /// True when the state system certainly did not apply the change.
    pub fn nothing_applied(&self) -> bool {
        !matches!(self, TraceError::Ambiguous(_))
    }
}

pub trait TraceSystem: Send + Sync {
    /// Sends one change. Not idempotent: after `Ambiguous`, read back with `find_applied`.
    fn apply(&self, op: &TraceOp) -> impl Future<Output = Result<TraceReceipt, TraceError>> + Send;

    /// The newest transaction id the state system has recorded. A worker takes one before it starts
    /// and then keeps the highest id it has seen in receipts.
    fn watermark(&self) -> impl Future<Output = Result<i64, TraceError>> + Send;

    /// Read-back after an ambiguous failure: did `op` take effect in a transaction after `since`?
    /// `Some(receipt)` if it did, `None` if it certainly did not (then it is safe to resend).
    /// `since` must be a transaction id seen after every earlier op on the same package finished
    /// and before `op` was first sent.
    fn find_applied(
        &self,
        op: &TraceOp,
        since: i64,
    ) -> impl Future<Output = Result<Option<TraceReceipt>, TraceError>> + Send;

    /// The quantity the state system holds for a package, `None` if it does not know the package.
    fn quantity(
        &self,
        uid: &Uid,
    ) -> impl Future<Output = Result<Option<Quantity>, TraceError>> + Send;

    /// Asks the state system for `count` new pre-assigned package ids (for offline weigh-outs).
    /// Not idempotent: after `Ambiguous`, list them with `reserved_ids`.
    fn reserve_ids(&self, count: u32) -> impl Future<Output = Result<Vec<Uid>, TraceError>> + Send;

    /// Every pre-assigned id the state system holds for us that no package uses yet.
    fn reserved_ids(&self) -> impl Future<Output = Result<Vec<Uid>, TraceError>> + Send;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ops are stored as JSON in the outbox: this is the stored shape, and it must keep reading back.
    #[test]
    fn ops_keep_their_stored_json_shape() -> Result<(), serde_json::Error> {
        let stored = [
            r#"{"kind":"move","uid":"6000000010000001","room":11}"#,
            r#"{"kind":"split","from":"6000000010000001","quantity":{"amount":3500,"unit":"milligram"},"new_uid":null}"#,
            r#"{"kind":"split","from":"6000000010000001","quantity":{"amount":2,"unit":"each"},"new_uid":"6000000010000009"}"#,
            r#"{"kind":"adjust","uid":"6000000010000001","new_quantity":{"amount":27000,"unit":"milligram"},"reason":"moisture_loss","note":"Recount"}"#,
        ];
        for json in stored {
            let op: TraceOp = serde_json::from_str(json)?;
            assert_eq!(serde_json::to_string(&op)?, json);
        }
        let receipt = TraceReceipt {
            transaction_id: 42,
            new_uid: Some(Uid::from("6000000010000009")),
        };
        let json = serde_json::to_string(&receipt)?;
        assert_eq!(serde_json::from_str::<TraceReceipt>(&json)?, receipt);
        Ok(())
    }

    #[test]
    fn reason_codes_are_biotracks_one_to_six() {
        let codes: Vec<u8> = AdjustReason::ALL.iter().map(|r| r.code()).collect();
        assert_eq!(codes, [1, 2, 3, 4, 5, 6]);
        for reason in AdjustReason::ALL {
            assert_eq!(AdjustReason::from_code(reason.code()), Some(reason));
        }
        assert_eq!(AdjustReason::from_code(7), None);
    }
}
