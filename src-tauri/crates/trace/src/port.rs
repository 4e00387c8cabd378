//! `TraceSystem` for BioTrack v1: ops become actions, and read-back after a lost reply looks at
//! BioTrack's own transaction-id windows (`sync_inventory`, `sync_inventory_adjust`).

use crate::client::BioTrackClient;
use crate::decode::quantity_from_wire;
use crate::records::TxWindow;
use vaultpick_core::domain::{Quantity, Uid};
use vaultpick_core::ports::{TraceError, TraceOp, TraceReceipt, TraceSystem};

/// Tables whose newest transaction id bounds what we can have changed.
const WATERMARK_TABLES: [&str; 4] = ["inventory", "inventory_adjust", "id_preassign", "sale"];

fn receipt(transaction_id: i64, new_uid: Option<Uid>) -> TraceReceipt {
    TraceReceipt {
        transaction_id,
        new_uid,
    }
}

impl TraceSystem for BioTrackClient {
    async fn apply(&self, op: &TraceOp) -> Result<TraceReceipt, TraceError> {
        match op {
            TraceOp::Move { uid, room } => {
                let tx = self.inventory_move(&[(uid.clone(), *room)]).await?;
                Ok(receipt(tx, None))
            }
            TraceOp::Split {
                from,
                quantity,
                new_uid,
            } => {
                let (tx, minted) = self
                    .inventory_split(from, *quantity, new_uid.as_ref())
                    .await?;
                Ok(receipt(tx, Some(minted)))
            }
            TraceOp::Adjust {
                uid,
                new_quantity,
                reason,
                note,
            } => {
                let tx = self
                    .inventory_adjust(uid, *new_quantity, *reason, note)
                    .await?;
                Ok(receipt(tx, None))
            }
        }
    }

    async fn watermark(&self) -> Result<i64, TraceError> {
        let tables: Vec<(&str, i64)> = WATERMARK_TABLES.iter().map(|t| (*t, 0)).collect();
        let summary = self.sync_check(&tables).await?;
        Ok(summary.iter().map(|s| s.latest).max().unwrap_or(0))
    }

    async fn find_applied(
        &self,
        op: &TraceOp,
        since: i64,
    ) -> Result<Option<TraceReceipt>, TraceError> {
        let window = TxWindow::after(since);
        match op {
            // A move leaves the lot in the target room with a transaction newer than `since`.
            TraceOp::Move { uid, room } => {
                let records = self.sync_inventory(window).await?;
                Ok(records
                    .into_iter()
                    .find(|r| &r.id == uid && r.room == Some(*room))
                    .map(|r| receipt(r.transaction_id, None)))
            }
            // A split leaves a child lot of `from`, created after `since`, holding exactly the
            // quantity weighed out (or carrying the pre-assigned id).
            TraceOp::Split {
                from,
                quantity,
                new_uid,
            } => {
                let records = self.sync_inventory(window).await?;
                let child = records
                    .into_iter()
                    .filter(|r| r.transaction_id_original > since)
                    .filter(|r| match new_uid {
                        Some(id) => &r.id == id,
                        None => r.parent_id.as_ref() == Some(from) && r.quantity == *quantity,
                    })
                    .min_by_key(|r| r.transaction_id_original);
                Ok(child.map(|r| receipt(r.transaction_id_original, Some(r.id))))
            }
            // An adjustment leaves a row in BioTrack's adjustment history.
            TraceOp::Adjust {
                uid,
                new_quantity,
                reason,
                ..
            } => {
                let rows = self.sync_inventory_adjust(window).await?;
                let code = i64::from(reason.code());
                Ok(rows
                    .into_iter()
                    .find(|row| {
                        &row.inventory_id == uid
                            && row.reason_code == Some(code)
                            && same_quantity(&row.new_quantity, *new_quantity)
                    })
                    .map(|row| receipt(row.transaction_id, None)))
            }
        }
    }

    async fn quantity(&self, uid: &Uid) -> Result<Option<Quantity>, TraceError> {
        match self.inventory_check(std::slice::from_ref(uid)).await {
            Ok(records) => Ok(records
                .into_iter()
                .find(|r| &r.id == uid)
                .map(|r| r.quantity)),
            Err(TraceError::Rejected(text)) if is_not_held(&text) => Ok(None),
            Err(error) => Err(error),
        }
    }

    async fn reserve_ids(&self, count: u32) -> Result<Vec<Uid>, TraceError> {
        Ok(self.id_preassign(count).await?.1)
    }

    async fn reserved_ids(&self) -> Result<Vec<Uid>, TraceError> {
        let rows = self.sync_id_preassign(TxWindow::all()).await?;
        Ok(rows.into_iter().filter(|r| !r.used).map(|r| r.id).collect())
    }
}

/// BioTrack's answer for a barcode the company does not hold (602, "...possession of identifier").
fn is_not_held(text: &str) -> bool {
    text.contains("error 602") && text.to_lowercase().contains("possession")
}

/// Compares BioTrack's decimal text with our quantity in the same unit.
fn same_quantity(wire: &str, ours: Quantity) -> bool {
    let uom = match ours.unit {
        vaultpick_core::domain::QuantityUnit::Milligram => "g",
        vaultpick_core::domain::QuantityUnit::Each => "each",
    };
    quantity_from_wire(wire, Some(uom)) == Some(ours)
}
