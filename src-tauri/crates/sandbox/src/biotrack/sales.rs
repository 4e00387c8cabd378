//! `sale_dispense`: one transaction id per sale, lines numbered from 0, no idempotency.

use super::actions::{Call, injected_error};
use super::wire::{Reply, errors, integer, text, thousandths};
use super::world::{SaleRow, World, epoch_now};
use serde_json::Value;
use std::collections::HashMap;

pub(crate) fn sale_dispense(world: &mut World, call: &Call<'_>) -> Reply {
    let (rows, company) = match super::inventory::write_rows(world, call) {
        Ok(found) => found,
        Err(reply) => return reply,
    };
    let mut lines = Vec::with_capacity(rows.len());
    let mut taken: HashMap<String, i64> = HashMap::new();
    for row in rows {
        let barcode = text(row, "barcodeid").unwrap_or_default();
        let Some(lot) = company.inventory.get(&barcode).filter(|l| !l.deleted) else {
            return errors::not_possessed(&barcode);
        };
        let Some(quantity) = thousandths(row, "quantity").filter(|q| *q > 0) else {
            return errors::rule("You did not provide a valid quantity.");
        };
        let total = taken.entry(barcode.clone()).or_insert(0);
        *total += quantity;
        if *total > lot.remaining {
            return errors::rule(format!(
                "The quantity specified exceeds the quantity available for {barcode}."
            ));
        }
        let quarantined = company
            .rooms
            .get(&lot.room)
            .is_some_and(|r| r.room.quarantine);
        if quarantined && !world.config.allow_sale_from_quarantine {
            return errors::rule(format!(
                "The item {barcode} is in a quarantine room and cannot be sold."
            ));
        }
        let price = text(row, "price").unwrap_or_else(|| "0.00".into());
        lines.push((barcode, quantity, price, lot.location.clone()));
    }
    if let Some(reply) = injected_error(world, lines.iter().map(|l| l.0.as_str())) {
        return reply;
    }
    let terminal_id = text(call.body, "terminal_id").unwrap_or_default();
    let now = epoch_now();
    let sale_time = integer(call.body, "sale_time").unwrap_or(now);
    let tx = world.next_tx();
    if let Some(company) = world.companies.get_mut(&call.company) {
        for (item_number, (barcode, quantity, price, location)) in lines.into_iter().enumerate() {
            if let Some(lot) = company.inventory.get_mut(&barcode) {
                lot.remaining -= quantity;
                lot.transactionid = tx;
                lot.sessiontime = now;
            }
            company.sales.push(SaleRow {
                transactionid: tx,
                item_number,
                inventoryid: barcode,
                quantity,
                price,
                terminal_id: terminal_id.clone(),
                location,
                sale_time,
                sessiontime: now,
            });
        }
    }
    call.record(world, tx, Vec::new());
    Reply::ok().with("transactionid", Value::from(tx))
}
