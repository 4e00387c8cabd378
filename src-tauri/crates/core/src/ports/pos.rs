//! The point-of-sale order feed. Real POS APIs (see docs) expose orders changed since a cursor;
//! we poll, upsert what is new, and keep the cursor so a restart resumes where it left off.

use crate::domain::Channel;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// An order as the POS describes it, before we have checked it against our catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PosOrder {
    pub id: String,
    pub customer_name: String,
    pub channel: Channel,
    /// When the customer is due: pickup time, curbside arrival, or the driver's departure.
    pub promised_at: DateTime<Utc>,
    pub express: bool,
    pub placed_at: DateTime<Utc>,
    pub cancelled: bool,
    pub lines: Vec<PosLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PosLine {
    pub sku: String,
    /// Sealed units wanted; `None` for a weighed line.
    pub count: Option<i64>,
    /// Target weight in milligrams for goods weighed out from bulk.
    pub weight_mg: Option<i64>,
}

/// One page of changes and the cursor to ask from next time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PosPage {
    pub orders: Vec<PosOrder>,
    pub next_cursor: String,
}

#[derive(Debug, thiserror::Error)]
pub enum PosError {
    #[error("the POS cannot be reached: {0}")]
    Unreachable(String),
    #[error("the POS answered with something we cannot read: {0}")]
    Malformed(String),
}

pub trait PosFeed: Send + Sync {
    /// Orders created or changed after `cursor` (`None`: from the beginning of the feed).
    fn changes_since(&self, cursor: Option<&str>) -> Result<PosPage, PosError>;
}
