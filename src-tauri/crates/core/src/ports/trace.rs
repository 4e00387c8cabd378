//! The state track-and-trace system (BioTrack first). The outbox calls this; nothing else writes to it.

use crate::domain::Uid;
use std::future::Future;

/// A change we ask the state system to make.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TraceOp {
    /// Move a package to another room (pending-sale staging, quarantine, back to the vault).
    Move { uid: Uid, room: i64 },
    /// Weigh out `quantity_mg` from `from` into a new package (`new_uid` when pre-assigned).
    Split {
        from: Uid,
        quantity_mg: i64,
        new_uid: Option<Uid>,
    },
    /// Correct a package's quantity with a reason code.
    Adjust {
        uid: Uid,
        new_quantity: i64,
        reason: String,
    },
}

/// What the state system said about a change it accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceReceipt {
    pub transaction_id: i64,
    /// For a split: the id the state system gave the new package.
    pub new_uid: Option<Uid>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TraceError {
    /// Nothing reached the server, or it said to come back later: safe to retry.
    #[error("state system unreachable: {0}")]
    Transient(String),
    /// The request may or may not have been applied (timeout, lost reply): read back before any resend.
    #[error("no answer from the state system; it may have applied the change: {0}")]
    Ambiguous(String),
    /// The state system refused the change; a person must look at it.
    #[error("state system refused: {0}")]
    Rejected(String),
}

pub trait TraceSystem: Send + Sync {
    fn apply(&self, op: &TraceOp) -> impl Future<Output = Result<TraceReceipt, TraceError>> + Send;
    /// The quantity the state system holds for a package, `None` if it does not know the package.
    fn quantity(&self, uid: &Uid) -> impl Future<Output = Result<Option<i64>, TraceError>> + Send;
}
