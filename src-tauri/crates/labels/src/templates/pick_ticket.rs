//! Pick ticket on a Letter/A4 sheet: the order header and barcode on every page, then one table row
//! per line with its vault location, paginated so that no row is split or clipped.

use crate::LabelError;
use crate::format::Cleaner;
use crate::layout::{Block, Ctx, TextBlock, fit};
use crate::spec::PickTicket;

const CELL_PT: f32 = 9.0;

fn row(cells: [(&str, String); 5], bold: bool) -> Block {
    Block::Grid {
        cells: cells
            .into_iter()
            .map(|(field, text)| {
                let t = TextBlock::new(field, text, CELL_PT).lines(Some(3));
                if bold { t.bold() } else { t }
            })
            .collect(),
        columns: 5,
    }
}

/// Blocks for each page. `page_of` placeholders are filled in by the caller once the count is known.
pub(crate) fn pages(
    data: &PickTicket,
    ctx: &Ctx,
    width: f32,
    height: f32,
    cleaner: &mut Cleaner,
) -> Result<Vec<Vec<Block>>, LabelError> {
    let order = cleaner.required("order_id", &data.order_id)?;
    let customer = cleaner.required("customer_name", &data.customer_name)?;
    let channel = cleaner.required("channel", &data.channel)?;
    let promised = cleaner.required("promised_at", &data.promised_at)?;
    if data.lines.is_empty() {
        return Err(LabelError::MissingField {
            field: "lines".into(),
        });
    }
    let header = vec![
        Block::Text(
            TextBlock::new("order_id", format!("Pick ticket — Order {order}"), 16.0).bold(),
        ),
        Block::Text(
            TextBlock::new("customer_name", format!("Customer: {customer}"), 11.0).lines(Some(2)),
        ),
        Block::Text(
            TextBlock::new(
                "channel",
                format!(
                    "Channel: {channel} · Promised: {promised} · Lines: {}",
                    data.lines.len()
                ),
                10.0,
            )
            .lines(Some(2)),
        ),
        Block::Gap(4.0),
        Block::Barcode {
            field: "order_id".into(),
            payload: order,
            bar_height: 36.0,
            text_pt: 9.0,
        },
        Block::Gap(6.0),
        row(
            [
                ("table", "Vault location".into()),
                ("table", "UID".into()),
                ("table", "Product".into()),
                ("table", "Quantity".into()),
                ("table", "Picked".into()),
            ],
            true,
        ),
        Block::Rule,
    ];
    let mut rows = Vec::with_capacity(data.lines.len());
    for (i, l) in data.lines.iter().enumerate() {
        let f = |name: &str| format!("lines[{i}].{name}");
        rows.push(row(
            [
                (
                    &f("vault_location"),
                    cleaner.required(&f("vault_location"), &l.vault_location)?,
                ),
                (&f("uid"), cleaner.required(&f("uid"), &l.uid)?),
                (
                    &f("product_name"),
                    cleaner.required(&f("product_name"), &l.product_name)?,
                ),
                (
                    &f("quantity"),
                    cleaner.required(&f("quantity"), &l.quantity)?,
                ),
                ("check", "[  ]".into()),
            ],
            false,
        ));
    }
    // Room for the "Page i of n" footer.
    let body = height - CELL_PT * 2.0;
    let header_height = fit(ctx, &header, width, f32::INFINITY)?.height;
    let mut pages = Vec::new();
    let mut current = header.clone();
    let mut used = header_height;
    for r in rows {
        let h = fit(ctx, std::slice::from_ref(&r), width, f32::INFINITY)?.height + 2.0;
        if used + h > body && current.len() > header.len() {
            pages.push(std::mem::replace(&mut current, header.clone()));
            used = header_height;
        }
        if used + h > body {
            return Err(LabelError::DoesNotFit {
                template: ctx.document,
                stock: ctx.stock.to_owned(),
                needed_pt: used + h,
                available_pt: body,
            });
        }
        current.push(r);
        current.push(Block::Gap(2.0));
        used += h;
    }
    pages.push(current);
    Ok(pages)
}
