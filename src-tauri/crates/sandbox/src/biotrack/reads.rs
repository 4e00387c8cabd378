//! Reads: `sync_check`, the incremental `sync_*` tables (by transaction-id window), `inventory_check`
//! and `inventory_qa_check`. Reads change nothing and never reach the ledger.

use super::actions::Call;
use super::inventory::lot_record;
use super::wire::{Reply, errors, format_thousandths, integer, list, text};
use super::world::{CompanyState, World};
use serde_json::{Value, json};

/// `transaction_start` ..= `transaction_end`, both optional and inclusive.
struct Window {
    start: i64,
    end: i64,
}

impl Window {
    fn of(body: &Value) -> Window {
        Window {
            start: integer(body, "transaction_start").unwrap_or(0),
            end: integer(body, "transaction_end").unwrap_or(i64::MAX),
        }
    }
    fn contains(&self, tx: i64) -> bool {
        (self.start..=self.end).contains(&tx)
    }
}

/// A `sync_*` reply: the company's rows of table `key` whose transaction id is in the window.
fn sync_table(
    world: &World,
    call: &Call<'_>,
    key: &str,
    rows: impl FnOnce(&CompanyState) -> Vec<(i64, Value)>,
) -> Reply {
    let window = Window::of(call.body);
    with_company(world, call, |company| {
        let rows: Vec<Value> = rows(company)
            .into_iter()
            .filter(|(tx, _)| window.contains(*tx))
            .map(|(_, row)| row)
            .collect();
        Reply::ok().with(key, Value::from(rows))
    })
}

fn with_company(
    world: &World,
    call: &Call<'_>,
    read: impl FnOnce(&CompanyState) -> Reply,
) -> Reply {
    match world.companies.get(&call.company) {
        Some(company) => read(company),
        None => errors::session_expired(),
    }
}

/// The newest transaction id of each table, for the caller's company.
fn table_sum(company: &CompanyState, table: &str) -> i64 {
    let max = |it: &mut dyn Iterator<Item = i64>| it.max().unwrap_or(0);
    match table {
        "inventory" => max(&mut company.inventory.values().map(|l| l.transactionid)),
        "inventory_room" => max(&mut company.rooms.values().map(|r| r.transactionid)),
        "inventory_adjust" => max(&mut company.adjustments.iter().map(|a| a.transactionid)),
        "sale" => max(&mut company.sales.iter().map(|s| s.transactionid)),
        "id_preassign" => max(&mut company.preassigned.values().map(|p| p.transactionid)),
        _ => 0,
    }
}

/// `sync_check`: for each `{table, transaction_start}` the table's newest transaction id (`sum`)
/// and whether the client is current (`match`).
pub(crate) fn sync_check(world: &mut World, call: &Call<'_>) -> Reply {
    with_company(world, call, |company| {
        let summary: Vec<Value> = list(call.body, "data")
            .into_iter()
            .filter_map(|row| {
                let table = text(row, "table")?;
                let start = integer(row, "transaction_start").unwrap_or(0);
                let sum = table_sum(company, &table);
                Some(json!({"table": table, "sum": sum.to_string(), "match": i64::from(start >= sum)}))
            })
            .collect();
        Reply::ok().with("summary", Value::from(summary))
    })
}

pub(crate) fn sync_inventory(world: &mut World, call: &Call<'_>) -> Reply {
    sync_table(world, call, "inventory", |company| {
        let lots = company.inventory.values();
        lots.map(|l| (l.transactionid, lot_record(l))).collect()
    })
}

pub(crate) fn sync_inventory_room(world: &mut World, call: &Call<'_>) -> Reply {
    sync_table(world, call, "inventory_room", |company| {
        let rooms = company.rooms.values();
        rooms
            .map(|r| {
                let row = json!({
                    "roomid": r.room.id.to_string(),
                    "name": r.room.name,
                    "location": r.room.location,
                    "quarantine": if r.room.quarantine { "1" } else { "0" },
                    "deleted": "0",
                    "transactionid": r.transactionid.to_string(),
                    "transactionid_original": r.transactionid.to_string(),
                });
                (r.transactionid, row)
            })
            .collect()
    })
}

pub(crate) fn sync_inventory_adjust(world: &mut World, call: &Call<'_>) -> Reply {
    sync_table(world, call, "inventory_adjust", |company| {
        let adjustments = company.adjustments.iter();
        adjustments
            .map(|a| {
                let row = json!({
                    "atype": a.atype.to_string(),
                    "inventoryid": a.inventoryid,
                    "location": a.location,
                    "new_quantity": format_thousandths(a.new),
                    "previous_quantity": format_thousandths(a.previous),
                    "reason": a.reason,
                    "sessiontime": a.sessiontime.to_string(),
                    "transactionid": a.transactionid.to_string(),
                    "transactionid_original": a.transactionid.to_string(),
                });
                (a.transactionid, row)
            })
            .collect()
    })
}

pub(crate) fn sync_sale(world: &mut World, call: &Call<'_>) -> Reply {
    sync_table(world, call, "sale", |company| {
        let sales = company.sales.iter();
        sales
            .map(|s| {
                let row = json!({
                    "transactionid": s.transactionid.to_string(),
                    "transactionid_original": s.transactionid.to_string(),
                    "inventoryid": s.inventoryid,
                    "itemnumber": s.item_number.to_string(),
                    "quantity": format_thousandths(s.quantity),
                    "price": s.price,
                    "terminal_id": s.terminal_id,
                    "location": s.location,
                    "sale_time": s.sale_time.to_string(),
                    "deleted": "0",
                    "refunded": "0",
                    "sessiontime": s.sessiontime.to_string(),
                });
                (s.transactionid, row)
            })
            .collect()
    })
}

pub(crate) fn sync_id_preassign(world: &mut World, call: &Call<'_>) -> Reply {
    sync_table(world, call, "id_preassign", |company| {
        let ids = company.preassigned.iter();
        ids.map(|(id, p)| {
            let row = json!({
                "id": id,
                "used": if p.used { "1" } else { "0" },
                "transactionid": p.transactionid.to_string(),
                "transactionid_original": p.transactionid_original.to_string(),
            });
            (p.transactionid, row)
        })
        .collect()
    })
}

/// `inventory_check`: the current record of each barcode; any barcode the company does not hold
/// fails the whole call with 602.
pub(crate) fn inventory_check(world: &mut World, call: &Call<'_>) -> Reply {
    let barcodes: Vec<String> = list(call.body, "barcodeid")
        .into_iter()
        .filter_map(|v| match v {
            Value::String(s) => Some(s.trim().to_owned()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
        .collect();
    if barcodes.is_empty() {
        return errors::invalid("Please specify at least one identifier.");
    }
    with_company(world, call, |company| {
        let mut rows = Vec::with_capacity(barcodes.len());
        for barcode in &barcodes {
            match company.inventory.get(barcode).filter(|l| !l.deleted) {
                Some(lot) => rows.push(lot_record(lot)),
                None => return errors::not_possessed(barcode),
            }
        }
        Reply::ok().with("inventory", Value::from(rows))
    })
}

/// `inventory_qa_check`: the lab result for a `sample_id`, or for the sample of a `barcodeid`.
pub(crate) fn inventory_qa_check(world: &mut World, call: &Call<'_>) -> Reply {
    with_company(world, call, |company| {
        let sample_id = match text(call.body, "sample_id").filter(|s| !s.is_empty()) {
            Some(id) => id,
            None => {
                let Some(barcode) = text(call.body, "barcodeid").filter(|s| !s.is_empty()) else {
                    return errors::invalid("Please specify at least one identifier.");
                };
                match company.inventory.get(&barcode) {
                    Some(lot) => match &lot.sample_id {
                        Some(id) => id.clone(),
                        None => return errors::invalid("Test results have not yet been filed."),
                    },
                    None => return errors::not_possessed(&barcode),
                }
            }
        };
        let Some(sample) = company.qa.get(&sample_id) else {
            return errors::invalid("There were no samples found for the specified identifer.");
        };
        if sample.result == 0 || sample.tests.is_empty() {
            return errors::invalid("Test results have not yet been filed.");
        }
        Reply::ok().with(
            "data",
            json!({
                "sample_id": sample.sample_id,
                "lab_license": sample.lab_license,
                "result": sample.result,
                "test": sample.tests,
            }),
        )
    })
}
