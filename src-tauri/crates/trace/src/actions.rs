//! One typed method per BioTrack v1 action the app uses.

use crate::client::BioTrackClient;
use crate::decode::{lenient_i64, lenient_text, quantity_to_wire};
use crate::records::{
    AdjustRecord, InventoryRecord, PreassignRecord, QaResult, RoomRecord, SaleRecord, SyncSummary,
    TxWindow, table,
};
use serde_json::{Map, Value, json};
use vaultpick_core::domain::{Quantity, Uid};
use vaultpick_core::ports::{AdjustReason, TraceError};

/// One line of a `sale_dispense`: unit price as decimal text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaleLine {
    pub barcode: Uid,
    pub quantity: Quantity,
    pub price: String,
}

fn fields(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn window_fields(window: TxWindow) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("download".into(), 1.into());
    if let Some(start) = window.start {
        map.insert("transaction_start".into(), start.into());
    }
    if let Some(end) = window.end {
        map.insert("transaction_end".into(), end.into());
    }
    map
}

fn transaction_id(reply: &Map<String, Value>) -> Result<i64, TraceError> {
    // The write happened; a reply without its id is still a success, but one we cannot receipt.
    reply
        .get("transactionid")
        .and_then(lenient_i64)
        .ok_or_else(|| {
            TraceError::Ambiguous("BioTrack accepted the change but sent no transaction id".into())
        })
}

fn barcode_ids(reply: &Map<String, Value>) -> Vec<Uid> {
    match reply.get("barcode_id") {
        Some(Value::Array(ids)) => ids.iter().filter_map(lenient_text).map(Uid).collect(),
        Some(other) => lenient_text(other).map(Uid).into_iter().collect(),
        None => Vec::new(),
    }
}

impl BioTrackClient {
    /// One incremental `sync_*` pull: the rows of table `key` changed inside `window`.
    async fn sync<T>(
        &self,
        action: &str,
        key: &str,
        window: TxWindow,
        parse: impl Fn(&Value) -> Result<T, TraceError>,
    ) -> Result<Vec<T>, TraceError> {
        let reply = self.call(action, window_fields(window)).await?;
        table(&reply, key, parse)
    }

    /// `sync_check`: the newest transaction id of each table, and whether `since` is current.
    pub async fn sync_check(&self, tables: &[(&str, i64)]) -> Result<Vec<SyncSummary>, TraceError> {
        let data: Vec<Value> = tables
            .iter()
            .map(|(table, since)| json!({"table": table, "transaction_start": since}))
            .collect();
        let reply = self
            .call("sync_check", fields(json!({"download": 0, "data": data})))
            .await?;
        table(&reply, "summary", SyncSummary::from_wire)
    }

    pub async fn sync_inventory(
        &self,
        window: TxWindow,
    ) -> Result<Vec<InventoryRecord>, TraceError> {
        self.sync(
            "sync_inventory",
            "inventory",
            window,
            InventoryRecord::from_wire,
        )
        .await
    }

    pub async fn sync_inventory_room(
        &self,
        window: TxWindow,
    ) -> Result<Vec<RoomRecord>, TraceError> {
        self.sync(
            "sync_inventory_room",
            "inventory_room",
            window,
            RoomRecord::from_wire,
        )
        .await
    }

    pub async fn sync_inventory_adjust(
        &self,
        window: TxWindow,
    ) -> Result<Vec<AdjustRecord>, TraceError> {
        self.sync(
            "sync_inventory_adjust",
            "inventory_adjust",
            window,
            AdjustRecord::from_wire,
        )
        .await
    }

    pub async fn sync_sale(&self, window: TxWindow) -> Result<Vec<SaleRecord>, TraceError> {
        self.sync("sync_sale", "sale", window, SaleRecord::from_wire)
            .await
    }

    pub async fn sync_id_preassign(
        &self,
        window: TxWindow,
    ) -> Result<Vec<PreassignRecord>, TraceError> {
        self.sync(
            "sync_id_preassign",
            "id_preassign",
            window,
            PreassignRecord::from_wire,
        )
        .await
    }

    /// `inventory_check`: current records. BioTrack refuses the whole call (602) if we do not hold
    /// one of the barcodes.
    pub async fn inventory_check(
        &self,
        barcodes: &[Uid],
    ) -> Result<Vec<InventoryRecord>, TraceError> {
        let ids: Vec<&str> = barcodes.iter().map(Uid::as_str).collect();
        let reply = self
            .call("inventory_check", fields(json!({ "barcodeid": ids })))
            .await?;
        table(&reply, "inventory", InventoryRecord::from_wire)
    }

    /// `inventory_move`: every `(barcode, room)` pair in one transaction. Returns its id.
    pub async fn inventory_move(&self, moves: &[(Uid, i64)]) -> Result<i64, TraceError> {
        let data: Vec<Value> = moves
            .iter()
            .map(|(uid, room)| json!({"barcodeid": uid.as_str(), "room": room}))
            .collect();
        let reply = self
            .call("inventory_move", fields(json!({ "data": data })))
            .await?;
        transaction_id(&reply)
    }

    /// `inventory_split`: weighs `quantity` out of `from` into a new lot, with a pre-assigned id when
    /// given. Returns the transaction id and the new lot's barcode.
    pub async fn inventory_split(
        &self,
        from: &Uid,
        quantity: Quantity,
        preassigned: Option<&Uid>,
    ) -> Result<(i64, Uid), TraceError> {
        let (amount, uom) = quantity_to_wire(quantity);
        let mut row = json!({
            "barcodeid": from.as_str(),
            "remove_quantity": amount,
            "remove_quantity_uom": uom,
        });
        if let (Some(id), Value::Object(map)) = (preassigned, &mut row) {
            map.insert("barcode_id_preassigned".into(), id.as_str().into());
        }
        let reply = self
            .call("inventory_split", fields(json!({ "data": [row] })))
            .await?;
        let tx = transaction_id(&reply)?;
        let new = barcode_ids(&reply).into_iter().next().ok_or_else(|| {
            TraceError::Ambiguous(format!(
                "BioTrack split {from} (transaction {tx}) but sent no new barcode"
            ))
        })?;
        Ok((tx, new))
    }

    /// `inventory_adjust`: sets the lot to `new_quantity` with a reason code and note.
    pub async fn inventory_adjust(
        &self,
        uid: &Uid,
        new_quantity: Quantity,
        reason: AdjustReason,
        note: &str,
    ) -> Result<i64, TraceError> {
        let (amount, uom) = quantity_to_wire(new_quantity);
        let data = json!({
            "barcodeid": uid.as_str(),
            "quantity": amount,
            "quantity_uom": uom,
            "type": reason.code(),
            "reason": note,
        });
        let reply = self
            .call("inventory_adjust", fields(json!({ "data": data })))
            .await?;
        transaction_id(&reply)
    }

    /// `inventory_qa_check` for the lab sample behind a barcode.
    pub async fn inventory_qa_check(&self, barcode: &Uid) -> Result<QaResult, TraceError> {
        let reply = self
            .call(
                "inventory_qa_check",
                fields(json!({"barcodeid": barcode.as_str()})),
            )
            .await?;
        let data = reply
            .get("data")
            .ok_or_else(|| TraceError::Transient("BioTrack sent a QA reply without data".into()))?;
        QaResult::from_wire(data)
    }

    /// `id_preassign`: reserves `count` new barcodes for offline weigh-outs.
    pub async fn id_preassign(&self, count: u32) -> Result<(i64, Vec<Uid>), TraceError> {
        let reply = self
            .call("id_preassign", fields(json!({ "quantity": count })))
            .await?;
        Ok((transaction_id(&reply)?, barcode_ids(&reply)))
    }

    /// `sale_dispense`: one sale, lines in order. Returns the sale's transaction id. Never resend
    /// after an ambiguous failure without checking `sync_sale`.
    pub async fn sale_dispense(
        &self,
        terminal_id: &str,
        sale_time: i64,
        lines: &[SaleLine],
    ) -> Result<i64, TraceError> {
        let data: Vec<Value> = lines
            .iter()
            .map(|line| {
                let (amount, _) = quantity_to_wire(line.quantity);
                json!({"barcodeid": line.barcode.as_str(), "quantity": amount, "price": line.price})
            })
            .collect();
        let body = json!({"terminal_id": terminal_id, "sale_time": sale_time, "data": data});
        let reply = self.call("sale_dispense", fields(body)).await?;
        transaction_id(&reply)
    }
}
