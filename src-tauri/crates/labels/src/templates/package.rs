//! Package label for a weighed-out container: everything the profile requires, the UID as text and
//! barcode, the state warnings verbatim and the universal symbol where the profile asks for one.

use super::grid;
use crate::LabelError;
use crate::barcode;
use crate::catalog::{Profile, ProfileStatus};
use crate::format::{Cleaner, cannabinoids, iso_date, net_weight};
use crate::layout::{Block, TextBlock};
use crate::spec::{Dpi, PackageLabel};

pub(crate) struct Geometry {
    pub(crate) width: f32,
    pub(crate) height: f32,
    pub(crate) dpi: Dpi,
}

fn need<'a>(
    profile: &Profile,
    field: &str,
    value: Option<&'a String>,
) -> Result<Option<&'a String>, LabelError> {
    if value.is_none() && profile.requires(field) {
        return Err(LabelError::MissingField {
            field: field.to_owned(),
        });
    }
    Ok(value)
}

pub(crate) fn blocks(
    data: &PackageLabel,
    profile: &Profile,
    geo: &Geometry,
    draft: bool,
    cleaner: &mut Cleaner,
) -> Result<Vec<Block>, LabelError> {
    if profile.status == ProfileStatus::Incomplete && !draft {
        return Err(LabelError::IncompleteProfile {
            profile: profile.id.clone(),
            missing: profile.missing.join("; "),
        });
    }
    let name = cleaner.required("dispensary_name", &data.dispensary_name)?;
    let licence = cleaner.required("dispensary_licence", &data.dispensary_licence)?;
    let uid = cleaner.required("uid", &data.uid)?;
    let product = cleaner.required("product_name", &data.product_name)?;
    let strain = cleaner.optional("strain", data.strain.as_deref())?;
    let batch = cleaner.required("batch", &data.batch)?;
    let packaged = cleaner.required("packaged_on", &data.packaged_on)?;
    iso_date("packaged_on", &packaged)?;
    let harvested = cleaner.optional("harvested_on", data.harvested_on.as_deref())?;
    let expires = cleaner.optional("expires_on", data.expires_on.as_deref())?;
    for (field, date) in [("harvested_on", &harvested), ("expires_on", &expires)] {
        if let Some(d) = need(profile, field, date.as_ref())? {
            iso_date(field, d)?;
        }
    }
    let lab = cleaner.optional("lab", data.lab.as_deref())?;
    let coa = cleaner.optional("coa_ref", data.coa_ref.as_deref())?;
    need(profile, "lab", lab.as_ref())?;
    need(profile, "coa_ref", coa.as_ref())?;
    need(profile, "strain", strain.as_ref())?;
    let weight = net_weight(data.net_weight_mg, data.scale_d_mg)?;
    if profile.requires("cannabinoids") && data.cannabinoids.is_empty() {
        return Err(LabelError::MissingField {
            field: "cannabinoids".into(),
        });
    }
    let potency = cannabinoids(
        &data.cannabinoids,
        &profile.required_cannabinoids,
        profile.show_totals,
        cleaner,
    )?;

    let mut cells = vec![
        ("batch", "Batch/Lot", batch),
        ("packaged_on", "Packaged", packaged),
    ];
    cells.extend(harvested.map(|h| ("harvested_on", "Harvested", h)));
    cells.push(("net_weight", "Net wt", weight));
    cells.extend(expires.map(|e| ("expires_on", "Use by", e)));
    cells.extend(lab.map(|l| ("lab", "Lab", l)));
    cells.extend(coa.map(|c| ("coa_ref", "COA", c)));

    let mut fields = vec![grid(cells, geo.width, 7.0)];
    if !potency.is_empty() {
        // A line budget in proportion to the stock: a long panel on 4x2 would crowd out the warnings.
        let budget = ((geo.height * 0.2 / 8.4) as usize).max(3);
        fields.push(Block::Text(
            TextBlock::new("cannabinoids", potency, 7.0).lines(Some(budget)),
        ));
    }
    let bar_height = (0.3 * 72.0_f32).min(geo.height * 0.25);
    let code = Block::Barcode {
        field: "uid".into(),
        payload: uid.clone(),
        bar_height,
        text_pt: 7.0,
    };
    let symbol = profile.symbol.clone().map(Block::Symbol);

    let product_line = match strain {
        Some(s) => format!("{product} — {s}"),
        None => product,
    };
    let mut out = vec![
        Block::Text(
            TextBlock::new("dispensary_name", format!("{name} · Lic. {licence}"), 8.0)
                .bold()
                .lines(Some(2)),
        ),
        Block::Text(
            TextBlock::new("product_name", product_line, 10.0)
                .bold()
                .lines(Some(2)),
        ),
    ];
    if geo.width >= 250.0 {
        // Wide stock: fields on the left, barcode and symbol on the right.
        let dot = geo.dpi.pt_per_dot();
        let plan = barcode::plan(&uid, geo.dpi, (geo.width * 0.45 / dot) as u32)?;
        let symbol_w = profile.symbol.as_ref().map_or(0.0, |s| s.size_in * 72.0);
        let right_width = (plan.footprint_width_dots() as f32 * dot).max(symbol_w) + 1.0;
        let mut right = vec![code];
        right.extend(symbol);
        out.push(Block::Row {
            left: fields,
            right,
            right_width,
        });
    } else {
        out.extend(fields);
        out.push(Block::Gap(2.0));
        out.push(code);
        out.extend(symbol);
    }
    let warnings: Vec<_> = profile.warnings_for(data.product_kind).collect();
    if !warnings.is_empty() {
        out.push(Block::Rule);
    }
    for w in warnings {
        let mut t = TextBlock::new("warning", w.text.clone(), 6.5).lines(None);
        t.bold = w.bold;
        out.push(Block::Text(t));
    }
    if draft {
        cleaner.notes.push(format!(
            "draft: profile {} is {:?}",
            profile.id, profile.status
        ));
        out.push(Block::Text(
            TextBlock::new(
                "draft",
                format!("DRAFT - NOT FOR SALE ({} profile incomplete)", profile.name),
                7.0,
            )
            .bold()
            .lines(Some(2)),
        ));
    }
    Ok(out)
}
