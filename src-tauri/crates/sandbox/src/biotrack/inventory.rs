//! Inventory writes. Each validates the whole request first and then applies all of it under one
//! new transaction id, so a refused request changes nothing. No idempotency: the same request sent
//! twice is applied twice, like the real server.

use super::actions::{Call, injected_error};
use super::wire::{Reply, errors, format_thousandths, integer, list, text, thousandths};
use super::world::{AdjustRow, CompanyState, LotState, PreassignRow, World, epoch_now};
use serde_json::Value;
use std::collections::HashMap;

/// The `data` rows of a write and the caller's company, or the reply refusing the write.
pub(crate) fn write_rows<'w, 'b>(
    world: &'w World,
    call: &Call<'b>,
) -> Result<(Vec<&'b Value>, &'w CompanyState), Reply> {
    let rows = list(call.body, "data");
    if rows.is_empty() {
        return Err(errors::invalid("Please specify at least one identifier."));
    }
    let company = world
        .companies
        .get(&call.company)
        .ok_or_else(errors::session_expired)?;
    Ok((rows, company))
}

/// The live lot `barcode` of the caller's company, or the "not in your possession" error.
fn lot<'w>(company: &'w CompanyState, barcode: &str) -> Result<&'w LotState, Reply> {
    company
        .inventory
        .get(barcode)
        .filter(|l| !l.deleted)
        .ok_or_else(|| errors::not_possessed(barcode))
}

/// Checks a quantity's unit against the lot's and that counted goods come whole.
fn check_unit(lot: &LotState, uom: Option<String>, amount: i64) -> Result<(), Reply> {
    if let Some(uom) = uom.filter(|u| !u.is_empty())
        && !same_unit(&uom, &lot.uom)
    {
        return Err(errors::rule(format!(
            "The unit of measure {uom} does not match the unit of measure of {}.",
            lot.id
        )));
    }
    if lot.uom != "g" && amount % 1000 != 0 {
        return Err(errors::rule("You did not provide a whole quantity."));
    }
    Ok(())
}

fn same_unit(a: &str, b: &str) -> bool {
    let norm = |u: &str| match u.to_lowercase().as_str() {
        "g" | "gram" | "grams" => "g".to_owned(),
        "each" | "ea" | "unit" | "units" => "each".to_owned(),
        other => other.to_owned(),
    };
    norm(a) == norm(b)
}

pub(crate) fn inventory_move(world: &mut World, call: &Call<'_>) -> Reply {
    let (rows, company) = match write_rows(world, call) {
        Ok(found) => found,
        Err(reply) => return reply,
    };
    let mut moves = Vec::with_capacity(rows.len());
    for row in rows {
        let barcode = text(row, "barcodeid").unwrap_or_default();
        if let Err(reply) = lot(company, &barcode) {
            return reply;
        }
        let room = integer(row, "room");
        let Some(room) = room.filter(|r| company.rooms.contains_key(r)) else {
            return errors::invalid("Please specify a valid room.");
        };
        moves.push((barcode, room));
    }
    if let Some(reply) = injected_error(world, moves.iter().map(|(b, _)| b.as_str())) {
        return reply;
    }
    let tx = world.next_tx();
    let now = epoch_now();
    if let Some(company) = world.companies.get_mut(&call.company) {
        for (barcode, room) in &moves {
            if let Some(lot) = company.inventory.get_mut(barcode) {
                lot.room = *room;
                lot.transactionid = tx;
                lot.sessiontime = now;
            }
        }
    }
    call.record(world, tx, Vec::new());
    Reply::ok().with("transactionid", Value::from(tx))
}

struct SplitRow {
    source: String,
    amount: i64,
    preassigned: Option<String>,
}

pub(crate) fn inventory_split(world: &mut World, call: &Call<'_>) -> Reply {
    let (rows, company) = match write_rows(world, call) {
        Ok(found) => found,
        Err(reply) => return reply,
    };
    let mut splits = Vec::with_capacity(rows.len());
    let mut taken: HashMap<String, i64> = HashMap::new();
    for row in rows {
        let source = text(row, "barcodeid").unwrap_or_default();
        let lot = match lot(company, &source) {
            Ok(lot) => lot,
            Err(reply) => return reply,
        };
        let Some(amount) = thousandths(row, "remove_quantity").filter(|a| *a > 0) else {
            return errors::rule("You did not provide a valid quantity.");
        };
        if let Err(reply) = check_unit(lot, text(row, "remove_quantity_uom"), amount) {
            return reply;
        }
        let total = taken.entry(source.clone()).or_insert(0);
        *total += amount;
        if *total > lot.remaining {
            return errors::rule(format!(
                "The quantity specified exceeds the quantity available for {source}."
            ));
        }
        let preassigned = text(row, "barcode_id_preassigned").filter(|p| !p.is_empty());
        if let Some(id) = &preassigned {
            let free = company.preassigned.get(id).is_some_and(|p| !p.used);
            let repeated = splits
                .iter()
                .any(|s: &SplitRow| s.preassigned.as_deref() == Some(id.as_str()));
            if !free || repeated {
                return errors::invalid(format!(
                    "The preassigned identifier {id} is not available."
                ));
            }
        }
        splits.push(SplitRow {
            source,
            amount,
            preassigned,
        });
    }
    if let Some(reply) = injected_error(world, splits.iter().map(|s| s.source.as_str())) {
        return reply;
    }
    let tx = world.next_tx();
    let now = epoch_now();
    let mut minted = Vec::with_capacity(splits.len());
    for split in splits {
        let id = match split.preassigned {
            Some(id) => id,
            None => match world.mint_id(&call.company) {
                Some(id) => id,
                None => return errors::session_expired(),
            },
        };
        let Some(company) = world.companies.get_mut(&call.company) else {
            return errors::session_expired();
        };
        if let Some(row) = company.preassigned.get_mut(&id) {
            row.used = true;
            row.transactionid = tx;
        }
        let Some(source) = company.inventory.get_mut(&split.source) else {
            return errors::not_possessed(&split.source);
        };
        source.remaining -= split.amount;
        source.transactionid = tx;
        source.sessiontime = now;
        let child = LotState {
            id: id.clone(),
            parentid: Some(split.source.clone()),
            remaining: split.amount,
            transactionid: tx,
            transactionid_original: tx,
            sessiontime: now,
            ..source.clone()
        };
        company.inventory.insert(id.clone(), child);
        minted.push(id);
    }
    call.record(world, tx, minted.clone());
    Reply::ok()
        .with("barcode_id", Value::from(minted))
        .with("transactionid", Value::from(tx))
}

/// `inventory_adjust` sets the lot to the given quantity (absolute, as Dutchie reports for BioTrack)
/// with a reason code 1–6 and a free-text reason.
pub(crate) fn inventory_adjust(world: &mut World, call: &Call<'_>) -> Reply {
    let (rows, company) = match write_rows(world, call) {
        Ok(found) => found,
        Err(reply) => return reply,
    };
    let mut adjustments = Vec::with_capacity(rows.len());
    for row in rows {
        let barcode = text(row, "barcodeid").unwrap_or_default();
        let lot = match lot(company, &barcode) {
            Ok(lot) => lot,
            Err(reply) => return reply,
        };
        let Some(new) = thousandths(row, "quantity") else {
            return errors::rule("You did not provide a valid quantity.");
        };
        if let Err(reply) = check_unit(lot, text(row, "quantity_uom"), new) {
            return reply;
        }
        let Some(atype) = integer(row, "type").filter(|t| (1..=6).contains(t)) else {
            return errors::invalid("Please specify a valid adjustment type.");
        };
        let reason = text(row, "reason").unwrap_or_default();
        if reason.is_empty() {
            return errors::invalid("Please specify a reason for the adjustment.");
        }
        adjustments.push((barcode, new, atype as u8, reason, lot.location.clone()));
    }
    if let Some(reply) = injected_error(world, adjustments.iter().map(|a| a.0.as_str())) {
        return reply;
    }
    let tx = world.next_tx();
    let now = epoch_now();
    if let Some(company) = world.companies.get_mut(&call.company) {
        for (barcode, new, atype, reason, location) in adjustments {
            let Some(lot) = company.inventory.get_mut(&barcode) else {
                continue;
            };
            let previous = lot.remaining;
            lot.remaining = new;
            lot.transactionid = tx;
            lot.sessiontime = now;
            company.adjustments.push(AdjustRow {
                inventoryid: barcode,
                atype,
                previous,
                new,
                reason,
                location,
                transactionid: tx,
                sessiontime: now,
            });
        }
    }
    call.record(world, tx, Vec::new());
    Reply::ok().with("transactionid", Value::from(tx))
}

/// `id_preassign`: reserves `quantity` new ids from the company's sequence for later use by splits
/// made offline. Listed by `sync_id_preassign` until used.
pub(crate) fn id_preassign(world: &mut World, call: &Call<'_>) -> Reply {
    let Some(count) = integer(call.body, "quantity").filter(|n| (1..=1000).contains(n)) else {
        return errors::invalid("Please specify a quantity between 1 and 1000.");
    };
    let tx = world.next_tx();
    let mut minted = Vec::with_capacity(count as usize);
    for _ in 0..count {
        let Some(id) = world.mint_id(&call.company) else {
            return errors::session_expired();
        };
        if let Some(company) = world.companies.get_mut(&call.company) {
            company.preassigned.insert(
                id.clone(),
                PreassignRow {
                    used: false,
                    transactionid: tx,
                    transactionid_original: tx,
                },
            );
        }
        minted.push(id);
    }
    call.record(world, tx, minted.clone());
    Reply::ok()
        .with("barcode_id", Value::from(minted))
        .with("transactionid", Value::from(tx))
}

/// A lot as `sync_inventory` and `inventory_check` report it (numbers as strings, as captured).
pub(crate) fn lot_record(lot: &LotState) -> Value {
    serde_json::json!({
        "id": lot.id,
        "parentid": lot.parentid,
        "inventorytype": lot.inventorytype.to_string(),
        "strain": lot.strain,
        "productname": lot.productname,
        "remaining_quantity": format_thousandths(lot.remaining),
        "uom": lot.uom,
        "currentroom": lot.room.to_string(),
        "location": lot.location,
        "sample_id": lot.sample_id,
        "deleted": if lot.deleted { "1" } else { "0" },
        "transactionid": lot.transactionid.to_string(),
        "transactionid_original": lot.transactionid_original.to_string(),
        "sessiontime": lot.sessiontime.to_string(),
    })
}
