//! The three templates. Each turns cleaned data plus a profile into layout blocks; the fitting, page
//! sizing and drawing are shared (`crate::render`).

pub(crate) mod exit_bag;
pub(crate) mod package;
pub(crate) mod pick_ticket;

use crate::layout::{Block, TextBlock};

/// "Label: value" grid cells; wide content gets two columns.
pub(crate) fn grid(cells: Vec<(&str, &str, String)>, width: f32, base_pt: f32) -> Block {
    Block::Grid {
        cells: cells
            .into_iter()
            .map(|(field, label, value)| {
                TextBlock::new(field, format!("{label}: {value}"), base_pt).lines(Some(2))
            })
            .collect(),
        columns: if width >= 250.0 { 2 } else { 1 },
    }
}
