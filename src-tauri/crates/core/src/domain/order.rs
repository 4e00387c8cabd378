//! Customer orders as the POS hands them to us, and what the vault did about them.

use super::{Channel, OrderStatus, Quantity, Uid};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Order {
    /// The POS's own id for the order; also printed as the ticket barcode.
    pub pos_id: String,
    pub customer: String,
    pub channel: Channel,
    pub promised_at: DateTime<Utc>,
    pub express: bool,
    pub status: OrderStatus,
    pub lines: Vec<OrderLine>,
    /// Set while claimed: who is working the order and at which station.
    pub claimed_by: Option<String>,
    pub station: Option<String>,
    pub pause_reason: Option<String>,
    pub received_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OrderLine {
    /// 1-based position on the ticket.
    pub line_no: i64,
    pub sku: String,
    /// A count of sealed units, or a target weight for goods weighed out from bulk.
    pub wanted: Quantity,
}

/// One package (or weighed portion) put into an order's bin for one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PickRecord {
    pub order_id: String,
    pub line_no: i64,
    pub uid: Uid,
    pub quantity: Quantity,
    pub agent: String,
    pub station: String,
    pub at: DateTime<Utc>,
}
