//! The pre-order queue as the technician sees it: express orders first, then by time left until the
//! customer is due (overdue orders have negative time left and so come first among the rest).

use crate::CoreResult;
use crate::domain::{Channel, Order, OrderStatus, Quantity};
use crate::store::{self, Store};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// Orders still in the vault's hands, as the queue lists them.
pub const OPEN_STATUSES: &[OrderStatus] = &[
    OrderStatus::Queued,
    OrderStatus::Claimed,
    OrderStatus::Picking,
    OrderStatus::Verifying,
    OrderStatus::Paused,
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QueueEntry {
    pub pos_id: String,
    pub customer: String,
    pub channel: Channel,
    pub express: bool,
    pub status: OrderStatus,
    pub promised_at: DateTime<Utc>,
    pub claimed_by: Option<String>,
    pub lines: Vec<QueueLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QueueLine {
    pub line_no: i64,
    pub sku: String,
    /// "Brand — Product", as printed on the ticket.
    pub description: String,
    pub wanted: Quantity,
    /// True when the line is weighed out from bulk rather than counted.
    pub weighed: bool,
}

/// The open orders in queue order.
pub fn queue(store: &Store) -> CoreResult<Vec<QueueEntry>> {
    store.read(|conn| {
        let mut orders = store::load_orders_with_status(conn, OPEN_STATUSES)?;
        sort_for_queue(&mut orders);
        orders.into_iter().map(|o| entry(conn, o)).collect()
    })
}

/// Express first, then earliest promised arrival; the POS id breaks ties so the order never jitters.
pub fn sort_for_queue(orders: &mut [Order]) {
    orders.sort_by(|a, b| {
        b.express
            .cmp(&a.express)
            .then(a.promised_at.cmp(&b.promised_at))
            .then_with(|| a.pos_id.cmp(&b.pos_id))
    });
}

fn entry(conn: &rusqlite::Connection, o: Order) -> CoreResult<QueueEntry> {
    let lines = o
        .lines
        .iter()
        .map(|l| {
            let description = match store::load_product(conn, &l.sku)? {
                Some(p) => format!("{} — {}", p.brand, p.name),
                None => format!("unknown product {}", l.sku),
            };
            Ok(QueueLine {
                line_no: l.line_no,
                sku: l.sku.clone(),
                description,
                wanted: l.wanted,
                weighed: l.wanted.unit == crate::domain::QuantityUnit::Milligram,
            })
        })
        .collect::<CoreResult<_>>()?;
    Ok(QueueEntry {
        pos_id: o.pos_id,
        customer: o.customer,
        channel: o.channel,
        express: o.express,
        status: o.status,
        promised_at: o.promised_at,
        claimed_by: o.claimed_by,
        lines,
    })
}
