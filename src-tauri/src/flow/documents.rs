//! What each printable document holds: the data the labels crate renders for a package label, an
//! exit-bag label, a pick ticket or the command sheet, gathered from the store and the station.

use super::commands;
use super::print::{Printable, invalid};
use crate::engine::Engine;
use vaultpick_core::domain::{Category, Order, QuantityUnit};
use vaultpick_core::store;
use vaultpick_core::workflow::WorkflowError;
use vaultpick_labels::{
    Cannabinoid, CannabinoidUnit, Dpi, ExitBagLabel, LabelData, PackageLabel, PickLine, PickTicket,
    ProductKind, RenderSettings, render, render_command_sheet,
};

/// The generic BioTrack-state label rules: training's state system is a BioTrack sandbox, and its demo
/// catalogue has no lab results for the profiles that require them (Illinois asks for THCA, CBDA and
/// the lab).
const PROFILE: &str = "biotrack-generic";
/// Package labels and exit-bag labels go on 4 x 2 in stock: the 2 x 1 in stock cannot hold a package
/// label's fields at the 6 pt floor.
const PACKAGE_STOCK: &str = "4x2";
const BAG_STOCK: &str = "4x2";
const SHEET_STOCK: &str = "letter";
const DPI: Dpi = Dpi::D203;

pub(super) struct Document {
    pub kind: &'static str,
    pub subject: String,
    pub pdf: Vec<u8>,
    pub barcodes: Vec<String>,
    /// The renderer's report, kept in the audit record.
    pub report: serde_json::Value,
}

pub(super) fn document(engine: &Engine, what: &Printable) -> Result<Document, WorkflowError> {
    let settings = |stock: &str| RenderSettings {
        profile: PROFILE.into(),
        stock: stock.into(),
        dpi: DPI,
        draft: false,
    };
    let (kind, subject, data, stock) = match what {
        Printable::CommandSheet => {
            let sheet = render_command_sheet(
                "VaultPick station commands",
                &commands::command_codes(),
                SHEET_STOCK,
                DPI,
            )
            .map_err(invalid)?;
            return Ok(Document {
                kind: "command-sheet",
                subject: "command-sheet".into(),
                barcodes: sheet.barcodes.iter().map(|b| b.payload.clone()).collect(),
                report: serde_json::to_value(&sheet).map_err(invalid)?,
                pdf: sheet.pdf,
            });
        }
        Printable::PackageLabel { uid } => (
            "package-label",
            uid,
            LabelData::Package(package_label(engine, uid)?),
            PACKAGE_STOCK,
        ),
        Printable::PickTicket { order } => (
            "pick-ticket",
            order,
            LabelData::PickTicket(pick_ticket(engine, order)?),
            SHEET_STOCK,
        ),
        Printable::ExitBag { order } => (
            "exit-bag",
            order,
            LabelData::ExitBag(exit_bag(engine, order)?),
            BAG_STOCK,
        ),
    };
    let label = render(&data, &settings(stock)).map_err(invalid)?;
    Ok(Document {
        kind,
        subject: subject.clone(),
        barcodes: label.barcodes.iter().map(|b| b.payload.clone()).collect(),
        report: serde_json::to_value(&label).map_err(invalid)?,
        pdf: label.pdf,
    })
}

fn load_order(engine: &Engine, order: &str) -> Result<Order, WorkflowError> {
    engine
        .store()
        .read(|c| store::load_order(c, order))?
        .ok_or_else(|| WorkflowError::NotFound {
            what: "order",
            id: order.into(),
        })
}

fn promised(o: &Order) -> String {
    o.promised_at.format("%Y-%m-%d %H:%M UTC").to_string()
}

fn pick_ticket(engine: &Engine, order: &str) -> Result<PickTicket, WorkflowError> {
    let o = load_order(engine, order)?;
    let snap = crate::flow::with_workflow(engine, |wf| wf.pick_snapshot(order))?;
    Ok(PickTicket {
        order_id: o.pos_id.clone(),
        customer_name: o.customer.clone(),
        channel: o.channel.to_string(),
        promised_at: promised(&o),
        lines: snap
            .lines
            .iter()
            .map(|l| PickLine {
                vault_location: l
                    .vault_location
                    .clone()
                    .unwrap_or_else(|| "none free".into()),
                uid: l
                    .suggested
                    .as_ref()
                    .map(|s| s.uid.to_string())
                    .unwrap_or_else(|| "-".into()),
                product_name: l.description.clone(),
                quantity: l.wanted.to_string(),
            })
            .collect(),
    })
}

fn exit_bag(engine: &Engine, order: &str) -> Result<ExitBagLabel, WorkflowError> {
    let o = load_order(engine, order)?;
    // MAX() always yields one row: NULL when the order has no workflow row yet.
    let staging: Option<String> = engine.store().read(|c| {
        Ok(c.query_row(
            "SELECT MAX(staging_location) FROM order_workflow WHERE order_id = ?1",
            [order],
            |r| r.get(0),
        )?)
    })?;
    let staging = staging.ok_or_else(|| {
        WorkflowError::NotReady(format!(
            "order {order} is not staged yet: the exit-bag label prints when the bag is staged"
        ))
    })?;
    let snap = crate::flow::with_workflow(engine, |wf| wf.pick_snapshot(order))?;
    let items: i64 = snap
        .lines
        .iter()
        .map(|l| match l.wanted.unit {
            QuantityUnit::Each => l.picked.amount,
            QuantityUnit::Milligram => l.picked_uids.len() as i64,
        })
        .sum();
    Ok(ExitBagLabel {
        order_id: o.pos_id.clone(),
        customer_name: o.customer.clone(),
        channel: o.channel.to_string(),
        promised_at: promised(&o),
        item_count: u32::try_from(items).unwrap_or(u32::MAX),
        staging_location: staging,
        // No tamper-bag seal numbers are captured yet; the bag carries the order's own id.
        bag_seal_id: format!("BAG-{}", o.pos_id),
    })
}

/// The label of a package made here: a portion weighed out at this station, or units split off a
/// counted lot. A portion's weight prints to the scale's `d` (the weighing's `e` when no scale is set
/// up for a reprint, which is never finer than `d`); split-off units carry their product's stated net
/// weight per unit.
fn package_label(engine: &Engine, uid: &str) -> Result<PackageLabel, WorkflowError> {
    let not_ours = || WorkflowError::NotFound {
        what: "package weighed out or split off here",
        id: uid.into(),
    };
    let found = engine.store().read(|c| {
        let Some(package) = store::load_package(c, uid)? else {
            return Ok(None);
        };
        let product = store::load_product(c, &package.sku)?;
        // MAX() always yields one row: NULL when the package was not weighed out here.
        let e_mg: Option<i64> = c.query_row(
            "SELECT MAX(tolerance_mg) FROM weighings WHERE portion_uid = ?1",
            [uid],
            |r| r.get(0),
        )?;
        // Lots split off at commit carry an id this station took from the pre-assigned pool.
        let split_here: bool = c.query_row(
            "SELECT COUNT(*) > 0 FROM uid_pool WHERE uid = ?1 AND taken_at IS NOT NULL",
            [uid],
            |r| r.get(0),
        )?;
        Ok(Some((package, product, e_mg, split_here)))
    })?;
    let Some((package, Some(product), e_mg, split_here)) = found else {
        return Err(not_ours());
    };
    let counted_here = split_here && package.quantity.unit == QuantityUnit::Each;
    let (net_weight_mg, d_mg) = match (e_mg, counted_here, product.net_weight_mg) {
        (Some(e_mg), _, _) => (
            package.quantity.amount,
            engine
                .devices()
                .scale()
                .and_then(|s| s.d_mg())
                .unwrap_or(e_mg)
                .max(1),
        ),
        (None, true, Some(per_unit)) => {
            let total = per_unit.saturating_mul(package.quantity.amount);
            (total, if total % 10 == 0 { 10 } else { 1 })
        }
        _ => return Err(not_ours()),
    };
    let unit = if product.category.potency_per_unit() {
        CannabinoidUnit::MgPerUnit
    } else {
        CannabinoidUnit::Percent
    };
    let identity = engine.label_identity();
    Ok(PackageLabel {
        dispensary_name: identity.dispensary_name,
        dispensary_licence: identity.licence,
        uid: package.uid.to_string(),
        product_name: match package.quantity.unit {
            QuantityUnit::Each => format!(
                "{} {} × {}",
                product.brand, product.name, package.quantity.amount
            ),
            QuantityUnit::Milligram => format!("{} {}", product.brand, product.name),
        },
        strain: product.strain.clone(),
        product_kind: product_kind(product.category),
        batch: package.batch.clone(),
        packaged_on: package.packaged_on.to_string(),
        harvested_on: None,
        expires_on: package.expires_on.map(|d| d.to_string()),
        net_weight_mg,
        scale_d_mg: d_mg,
        cannabinoids: product
            .cannabinoids
            .iter()
            .map(|c| Cannabinoid {
                name: c.name.clone(),
                amount: c.amount,
                unit,
            })
            .collect(),
        // The store keeps no lab or COA reference yet; profiles that require one refuse the render
        // and name the missing field.
        lab: None,
        coa_ref: None,
    })
}

/// Which warnings a product carries.
fn product_kind(category: Category) -> ProductKind {
    match category {
        Category::Flower | Category::PreRoll | Category::Vape | Category::Concentrate => {
            ProductKind::Smokable
        }
        Category::Edible => ProductKind::Infused,
        Category::Topical => ProductKind::Topical,
    }
}
