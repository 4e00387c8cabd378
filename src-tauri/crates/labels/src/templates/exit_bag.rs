//! Exit-bag label: who the bag is for, when it is promised, where it is staged and how it is sealed,
//! with the order barcode the hand-off scan reads.

use super::grid;
use crate::LabelError;
use crate::format::Cleaner;
use crate::layout::{Block, TextBlock};
use crate::spec::ExitBagLabel;

pub(crate) fn blocks(
    data: &ExitBagLabel,
    width: f32,
    height: f32,
    cleaner: &mut Cleaner,
) -> Result<Vec<Block>, LabelError> {
    let order = cleaner.required("order_id", &data.order_id)?;
    let customer = cleaner.required("customer_name", &data.customer_name)?;
    let cells = vec![
        (
            "channel",
            "Channel",
            cleaner.required("channel", &data.channel)?,
        ),
        (
            "promised_at",
            "Promised",
            cleaner.required("promised_at", &data.promised_at)?,
        ),
        ("item_count", "Items", data.item_count.to_string()),
        (
            "staging_location",
            "Staging",
            cleaner.required("staging_location", &data.staging_location)?,
        ),
        (
            "bag_seal_id",
            "Seal",
            cleaner.required("bag_seal_id", &data.bag_seal_id)?,
        ),
    ];
    Ok(vec![
        Block::Text(
            TextBlock::new("order_id", format!("Order {order}"), 14.0)
                .bold()
                .lines(Some(2)),
        ),
        Block::Text(
            TextBlock::new("customer_name", customer, 11.0)
                .bold()
                .lines(Some(2)),
        ),
        grid(cells, width, 8.0),
        Block::Gap(2.0),
        Block::Barcode {
            field: "order_id".into(),
            payload: order,
            bar_height: (0.4 * 72.0_f32).min(height * 0.25),
            text_pt: 7.0,
        },
    ])
}
