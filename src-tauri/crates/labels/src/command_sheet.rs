//! The station's command-barcode cheat sheet: one Code 128 per `CMD:<VERB>` (the scheme in the devices
//! crate's README) with what it does, on a Letter/A4 sheet, so the technician never leaves the scanner.
//!
//! Kept apart from [`crate::LabelData`]: it is not a compliance label and has no jurisdiction fields,
//! so it does not take part in the template × profile matrix.

use crate::LabelError;
use crate::canvas::{Canvas, build_pdf};
use crate::catalog::{StockKind, catalog};
use crate::format::Cleaner;
use crate::layout::{Block, Ctx, TextBlock, draw, fit};
use crate::render::{BarcodeInfo, drawn_barcodes};
use crate::spec::Dpi;
use serde::{Deserialize, Serialize};

/// One command: the barcode's exact text and what scanning it does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandCode {
    pub payload: String,
    pub meaning: String,
}

/// A rendered sheet; like [`crate::RenderedLabel`], serialisable without the bytes for the audit log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RenderedSheet {
    #[serde(skip)]
    pub pdf: Vec<u8>,
    pub stock: String,
    pub dpi: Dpi,
    pub pages: usize,
    pub barcodes: Vec<BarcodeInfo>,
}

/// Lays the commands out top to bottom, as many pages as they need, on a sheet stock (`letter`, `a4`).
pub fn render_command_sheet(
    title: &str,
    commands: &[CommandCode],
    stock: &str,
    dpi: Dpi,
) -> Result<RenderedSheet, LabelError> {
    let stock = catalog()?.stock(stock)?;
    if stock.kind != StockKind::Sheet {
        return Err(LabelError::StockNotSuitable {
            template: "command-sheet",
            stock: stock.id.clone(),
            reason: "a command sheet needs a sheet stock (letter or a4)".into(),
        });
    }
    if commands.is_empty() {
        return Err(LabelError::MissingField {
            field: "commands".into(),
        });
    }
    let ctx = Ctx {
        dpi,
        floor_pt: 6.0,
        document: "command-sheet",
        stock: &stock.id,
    };
    let width = stock.width_pt - 2.0 * stock.margin_pt;
    let height = stock.height_pt - 2.0 * stock.margin_pt;
    let mut cleaner = Cleaner::default();
    let header = vec![
        Block::Text(TextBlock::new("title", cleaner.required("title", title)?, 16.0).bold()),
        Block::Gap(8.0),
    ];
    let mut entries = Vec::with_capacity(commands.len());
    for (i, c) in commands.iter().enumerate() {
        let field = format!("commands[{i}]");
        entries.push(vec![
            Block::Text(
                TextBlock::new(&field, cleaner.required(&field, &c.meaning)?, 11.0)
                    .bold()
                    .lines(Some(2)),
            ),
            Block::Barcode {
                field: field.clone(),
                payload: cleaner.required(&field, &c.payload)?,
                bar_height: 36.0,
                text_pt: 9.0,
            },
            Block::Gap(14.0),
        ]);
    }
    // Greedy pagination: an entry never splits across pages.
    let mut pages: Vec<Vec<Block>> = Vec::new();
    let mut current = header.clone();
    for entry in entries {
        let mut trial = current.clone();
        trial.extend(entry.iter().cloned());
        if fit_unscaled(&ctx, &trial, width, height)? || current.len() == header.len() {
            current = trial;
        } else {
            pages.push(std::mem::replace(&mut current, header.clone()));
            current.extend(entry);
        }
    }
    pages.push(current);
    let mut canvases = Vec::with_capacity(pages.len());
    for blocks in &pages {
        let fitted = fit(&ctx, blocks, width, height)?;
        let mut canvas = Canvas::new(stock.width_pt, stock.height_pt, dpi);
        draw(
            &mut canvas,
            &fitted,
            stock.margin_pt,
            stock.margin_pt,
            width,
        );
        canvases.push(canvas);
    }
    let barcodes = drawn_barcodes(&canvases);
    let count = canvases.len();
    Ok(RenderedSheet {
        pdf: build_pdf("command sheet", canvases)?,
        stock: stock.id.clone(),
        dpi,
        pages: count,
        barcodes,
    })
}

/// True when the blocks fit at full size (a page is only filled with text that needs no shrinking).
fn fit_unscaled(ctx: &Ctx, blocks: &[Block], width: f32, height: f32) -> Result<bool, LabelError> {
    Ok(fit(ctx, blocks, width, f32::INFINITY)?.height <= height)
}
