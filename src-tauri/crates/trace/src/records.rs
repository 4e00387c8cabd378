//! Records BioTrack returns from `sync_*`, `inventory_check` and `inventory_qa_check`, decoded
//! leniently (numbers or strings) into our types.

use crate::decode::{field_flag, field_i64, field_text, quantity_from_wire};
use serde_json::Value;
use vaultpick_core::domain::{Quantity, Uid};
use vaultpick_core::ports::TraceError;

fn malformed(table: &str, what: &str) -> TraceError {
    TraceError::Transient(format!(
        "BioTrack sent a {table} record without a valid {what}"
    ))
}

/// An inclusive transaction-id window for the `sync_*` actions; `None` ends are open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TxWindow {
    pub start: Option<i64>,
    pub end: Option<i64>,
}

impl TxWindow {
    pub fn all() -> Self {
        TxWindow::default()
    }
    /// Everything after transaction `last_seen`.
    pub fn after(last_seen: i64) -> Self {
        TxWindow {
            start: Some(last_seen + 1),
            end: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncSummary {
    pub table: String,
    /// The table's newest transaction id.
    pub latest: i64,
    /// Whether the client's `transaction_start` was already current.
    pub current: bool,
}

impl SyncSummary {
    pub(crate) fn from_wire(row: &Value) -> Result<Self, TraceError> {
        Ok(SyncSummary {
            table: field_text(row, "table").ok_or_else(|| malformed("summary", "table"))?,
            latest: field_i64(row, "sum").unwrap_or(0),
            current: field_flag(row, "match"),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InventoryRecord {
    pub id: Uid,
    pub parent_id: Option<Uid>,
    pub inventory_type: Option<i64>,
    pub product_name: String,
    pub strain: String,
    pub quantity: Quantity,
    pub room: Option<i64>,
    pub location: String,
    pub sample_id: Option<String>,
    pub deleted: bool,
    pub transaction_id: i64,
    pub transaction_id_original: i64,
}

impl InventoryRecord {
    pub(crate) fn from_wire(row: &Value) -> Result<Self, TraceError> {
        let id = field_text(row, "id").ok_or_else(|| malformed("inventory", "id"))?;
        let amount = field_text(row, "remaining_quantity")
            .ok_or_else(|| malformed("inventory", "quantity"))?;
        let quantity = quantity_from_wire(&amount, field_text(row, "uom").as_deref())
            .ok_or_else(|| malformed("inventory", "quantity"))?;
        let transaction_id = field_i64(row, "transactionid").unwrap_or(0);
        Ok(InventoryRecord {
            id: Uid(id),
            parent_id: field_text(row, "parentid").map(Uid),
            inventory_type: field_i64(row, "inventorytype"),
            product_name: field_text(row, "productname").unwrap_or_default(),
            strain: field_text(row, "strain").unwrap_or_default(),
            quantity,
            // Real data has rooms with a null id; keep them as "no room".
            room: field_i64(row, "currentroom"),
            location: field_text(row, "location").unwrap_or_default(),
            sample_id: field_text(row, "sample_id"),
            deleted: field_flag(row, "deleted"),
            transaction_id,
            transaction_id_original: field_i64(row, "transactionid_original")
                .unwrap_or(transaction_id),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomRecord {
    pub id: Option<i64>,
    pub name: String,
    pub location: String,
    pub quarantine: bool,
    pub deleted: bool,
    pub transaction_id: i64,
}

impl RoomRecord {
    pub(crate) fn from_wire(row: &Value) -> Result<Self, TraceError> {
        Ok(RoomRecord {
            id: field_i64(row, "roomid"),
            name: field_text(row, "name").unwrap_or_default(),
            location: field_text(row, "location").unwrap_or_default(),
            quarantine: field_flag(row, "quarantine"),
            deleted: field_flag(row, "deleted"),
            transaction_id: field_i64(row, "transactionid").unwrap_or(0),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdjustRecord {
    pub inventory_id: Uid,
    pub reason_code: Option<i64>,
    /// Decimal text as BioTrack sent it (its unit is the lot's).
    pub previous_quantity: String,
    pub new_quantity: String,
    pub reason: String,
    pub transaction_id: i64,
}

impl AdjustRecord {
    pub(crate) fn from_wire(row: &Value) -> Result<Self, TraceError> {
        Ok(AdjustRecord {
            inventory_id: Uid(field_text(row, "inventoryid")
                .ok_or_else(|| malformed("inventory_adjust", "inventoryid"))?),
            reason_code: field_i64(row, "atype"),
            previous_quantity: field_text(row, "previous_quantity").unwrap_or_default(),
            new_quantity: field_text(row, "new_quantity").unwrap_or_default(),
            reason: field_text(row, "reason").unwrap_or_default(),
            transaction_id: field_i64(row, "transactionid").unwrap_or(0),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaleRecord {
    /// The sale's id: one per `sale_dispense`.
    pub transaction_id: i64,
    pub item_number: i64,
    pub inventory_id: Uid,
    pub quantity: String,
    pub price: String,
    pub terminal_id: String,
    pub deleted: bool,
    pub refunded: bool,
}

impl SaleRecord {
    pub(crate) fn from_wire(row: &Value) -> Result<Self, TraceError> {
        Ok(SaleRecord {
            transaction_id: field_i64(row, "transactionid")
                .ok_or_else(|| malformed("sale", "transactionid"))?,
            item_number: field_i64(row, "itemnumber").unwrap_or(0),
            inventory_id: Uid(
                field_text(row, "inventoryid").ok_or_else(|| malformed("sale", "inventoryid"))?
            ),
            quantity: field_text(row, "quantity").unwrap_or_default(),
            price: field_text(row, "price").unwrap_or_default(),
            terminal_id: field_text(row, "terminal_id").unwrap_or_default(),
            deleted: field_flag(row, "deleted"),
            refunded: field_flag(row, "refunded"),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreassignRecord {
    pub id: Uid,
    pub used: bool,
    pub transaction_id: i64,
}

impl PreassignRecord {
    pub(crate) fn from_wire(row: &Value) -> Result<Self, TraceError> {
        Ok(PreassignRecord {
            id: Uid(field_text(row, "id").ok_or_else(|| malformed("id_preassign", "id"))?),
            used: field_flag(row, "used"),
            transaction_id: field_i64(row, "transactionid").unwrap_or(0),
        })
    }
}

/// A lab result. `passed` is BioTrack's `result` of 1.
#[derive(Debug, Clone, PartialEq)]
pub struct QaResult {
    pub sample_id: String,
    pub lab_license: String,
    pub passed: bool,
    /// The test rows as BioTrack sent them (type 1 moisture, 2 potency, 3 foreign matter, ...).
    pub tests: Vec<Value>,
}

impl QaResult {
    pub(crate) fn from_wire(data: &Value) -> Result<Self, TraceError> {
        Ok(QaResult {
            sample_id: field_text(data, "sample_id").ok_or_else(|| malformed("qa", "sample_id"))?,
            lab_license: field_text(data, "lab_license").unwrap_or_default(),
            passed: field_i64(data, "result") == Some(1),
            tests: data
                .get("test")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default(),
        })
    }
}

/// Decodes the array `key` of a reply with `parse`; a missing array is an empty table.
pub(crate) fn table<T>(
    reply: &serde_json::Map<String, Value>,
    key: &str,
    parse: impl Fn(&Value) -> Result<T, TraceError>,
) -> Result<Vec<T>, TraceError> {
    match reply.get(key) {
        Some(Value::Array(rows)) => rows.iter().map(parse).collect(),
        Some(Value::Null) | None => Ok(Vec::new()),
        Some(_) => Err(TraceError::Transient(format!(
            "BioTrack sent {key} that is not a list"
        ))),
    }
}
