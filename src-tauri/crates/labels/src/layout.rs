//! A small top-down layout engine: blocks stacked in a column, text shrinking together.
//!
//! Every text block has a base size and the profile's floor. The whole label is tried at scale 1.0,
//! then smaller, until it fits; a field that still overflows its line budget at the floor, or a label
//! still taller than its stock at the floor, is refused. Nothing is ever clipped.

use crate::LabelError;
use crate::barcode::{self, BarcodePlan};
use crate::canvas::Canvas;
use crate::catalog::{SymbolShape, SymbolSpec};
use crate::spec::Dpi;
use crate::text::{LINE_HEIGHT, fonts, wrap};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Center,
}

#[derive(Debug, Clone)]
pub(crate) struct TextBlock {
    pub(crate) field: String,
    pub(crate) text: String,
    pub(crate) base_pt: f32,
    pub(crate) bold: bool,
    /// `None` = as many lines as it takes (warnings).
    pub(crate) max_lines: Option<usize>,
    pub(crate) align: Align,
}

impl TextBlock {
    pub(crate) fn new(field: &str, text: impl Into<String>, base_pt: f32) -> TextBlock {
        TextBlock {
            field: field.to_owned(),
            text: text.into(),
            base_pt,
            bold: false,
            max_lines: Some(1),
            align: Align::Left,
        }
    }
    pub(crate) fn bold(mut self) -> Self {
        self.bold = true;
        self
    }
    pub(crate) fn lines(mut self, max: Option<usize>) -> Self {
        self.max_lines = max;
        self
    }
    pub(crate) fn centered(mut self) -> Self {
        self.align = Align::Center;
        self
    }
}

#[derive(Debug, Clone)]
pub(crate) enum Block {
    Text(TextBlock),
    /// Short "Label: value" cells in equal columns, filled row by row.
    Grid {
        cells: Vec<TextBlock>,
        columns: usize,
    },
    /// A barcode with its human-readable text under it.
    Barcode {
        field: String,
        payload: String,
        bar_height: f32,
        text_pt: f32,
    },
    Symbol(SymbolSpec),
    /// Two columns side by side; the right one has a fixed width.
    Row {
        left: Vec<Block>,
        right: Vec<Block>,
        right_width: f32,
    },
    Gap(f32),
    Rule,
}

/// Rendering context shared by every block of one render.
pub(crate) struct Ctx<'a> {
    pub(crate) dpi: Dpi,
    pub(crate) floor_pt: f32,
    /// What is laid out and on which stock: named when it does not fit.
    pub(crate) document: &'static str,
    pub(crate) stock: &'a str,
}

/// A block with every size decided, ready to draw.
enum Laid {
    Text {
        block: TextBlock,
        size: f32,
        lines: Vec<String>,
    },
    Grid {
        cells: Vec<Laid>,
        columns: usize,
        row_heights: Vec<f32>,
    },
    /// `bar_dots`: Code 128 bar height in dots; `symbol_height` reserves one extra dot for snapping.
    Barcode {
        plan: BarcodePlan,
        bar_dots: u32,
        symbol_height: f32,
        text: Box<Laid>,
    },
    Symbol(SymbolSpec),
    Row {
        left: Vec<Laid>,
        right: Vec<Laid>,
        right_width: f32,
    },
    Gap(f32),
    Rule,
}

const ROW_GAP: f32 = 4.0;
const BARCODE_TEXT_GAP: f32 = 1.5;

impl Laid {
    fn height(&self) -> f32 {
        match self {
            Laid::Text { size, lines, .. } => lines.len() as f32 * size * LINE_HEIGHT,
            Laid::Grid { row_heights, .. } => row_heights.iter().sum(),
            Laid::Barcode {
                symbol_height,
                text,
                ..
            } => symbol_height + BARCODE_TEXT_GAP + text.height(),
            Laid::Symbol(s) => s.size_in * 72.0,
            Laid::Row { left, right, .. } => stack_height(left).max(stack_height(right)),
            Laid::Gap(g) => *g,
            Laid::Rule => 2.0,
        }
    }
}

fn stack_height(blocks: &[Laid]) -> f32 {
    blocks.iter().map(Laid::height).sum()
}

fn lay_text(ctx: &Ctx, block: &TextBlock, width: f32, scale: f32) -> Result<Laid, LabelError> {
    let face = fonts()?.face(block.bold);
    let floor = ctx.floor_pt;
    let mut size = (block.base_pt * scale).max(floor);
    loop {
        let lines = wrap(face, &block.text, size, width);
        if block.max_lines.is_none_or(|max| lines.len() <= max) {
            return Ok(Laid::Text {
                block: block.clone(),
                size,
                lines,
            });
        }
        if size <= floor {
            return Err(LabelError::FieldTooLong {
                field: block.field.clone(),
                max_lines: block.max_lines.unwrap_or(0),
                floor_pt: floor,
                width_pt: width,
            });
        }
        size = (size - 0.25).max(floor);
    }
}

fn lay(ctx: &Ctx, block: &Block, width: f32, scale: f32) -> Result<Laid, LabelError> {
    Ok(match block {
        Block::Text(t) => lay_text(ctx, t, width, scale)?,
        Block::Grid { cells, columns } => {
            let columns = (*columns).max(1);
            let cell_width = (width - ROW_GAP * (columns - 1) as f32) / columns as f32;
            let laid = cells
                .iter()
                .map(|c| lay_text(ctx, c, cell_width, scale))
                .collect::<Result<Vec<_>, _>>()?;
            let row_heights = laid
                .chunks(columns)
                .map(|row| row.iter().map(Laid::height).fold(0.0, f32::max))
                .collect();
            Laid::Grid {
                cells: laid,
                columns,
                row_heights,
            }
        }
        Block::Barcode {
            field,
            payload,
            bar_height,
            text_pt,
        } => {
            let dot = ctx.dpi.pt_per_dot();
            let plan = barcode::plan(payload, ctx.dpi, (width / dot).floor() as u32)?;
            let bar_dots = (bar_height / dot).round().max(1.0) as u32;
            let symbol_dots = match plan.symbology {
                barcode::Symbology::Code128 => bar_dots,
                barcode::Symbology::Qr => plan.footprint_width_dots(),
            };
            let text = TextBlock::new(field, payload.clone(), *text_pt).centered();
            Laid::Barcode {
                plan,
                bar_dots,
                symbol_height: (symbol_dots + 1) as f32 * dot,
                text: Box::new(lay_text(ctx, &text, width, scale)?),
            }
        }
        Block::Symbol(s) => Laid::Symbol(s.clone()),
        Block::Row {
            left,
            right,
            right_width,
        } => {
            let left_width = width - right_width - ROW_GAP;
            Laid::Row {
                left: left
                    .iter()
                    .map(|b| lay(ctx, b, left_width, scale))
                    .collect::<Result<_, _>>()?,
                right: right
                    .iter()
                    .map(|b| lay(ctx, b, *right_width, scale))
                    .collect::<Result<_, _>>()?,
                right_width: *right_width,
            }
        }
        Block::Gap(g) => Laid::Gap(*g),
        Block::Rule => Laid::Rule,
    })
}

/// The outcome of fitting blocks into a box.
pub(crate) struct Fitted {
    laid: Vec<Laid>,
    pub(crate) height: f32,
    pub(crate) scale: f32,
}

/// Finds the largest scale (1.0 down to the floor) at which `blocks` fit `max_height`.
pub(crate) fn fit(
    ctx: &Ctx,
    blocks: &[Block],
    width: f32,
    max_height: f32,
) -> Result<Fitted, LabelError> {
    let mut scale = 1.0_f32;
    loop {
        let laid = blocks
            .iter()
            .map(|b| lay(ctx, b, width, scale))
            .collect::<Result<Vec<_>, _>>()?;
        let height = stack_height(&laid);
        if height <= max_height {
            return Ok(Fitted {
                laid,
                height,
                scale,
            });
        }
        if at_floor(ctx, blocks, scale) {
            return Err(LabelError::DoesNotFit {
                template: ctx.document,
                stock: ctx.stock.to_owned(),
                needed_pt: height,
                available_pt: max_height,
            });
        }
        scale -= 0.05;
    }
}

fn at_floor(ctx: &Ctx, blocks: &[Block], scale: f32) -> bool {
    fn max_base(blocks: &[Block]) -> f32 {
        blocks
            .iter()
            .map(|b| match b {
                Block::Text(t) => t.base_pt,
                Block::Grid { cells, .. } => cells.iter().map(|c| c.base_pt).fold(0.0, f32::max),
                Block::Barcode { text_pt, .. } => *text_pt,
                Block::Row { left, right, .. } => max_base(left).max(max_base(right)),
                _ => 0.0,
            })
            .fold(0.0, f32::max)
    }
    max_base(blocks) * scale <= ctx.floor_pt || scale <= 0.1
}

/// Draws fitted blocks with their top-left corner at (x, top).
pub(crate) fn draw(canvas: &mut Canvas, fitted: &Fitted, x: f32, top: f32, width: f32) {
    draw_stack(canvas, &fitted.laid, x, top, width);
}

fn draw_stack(canvas: &mut Canvas, blocks: &[Laid], x: f32, mut top: f32, width: f32) {
    for b in blocks {
        draw_one(canvas, b, x, top, width);
        top += b.height();
    }
}

fn draw_text(canvas: &mut Canvas, laid: &Laid, x: f32, top: f32, width: f32) {
    let Laid::Text { block, size, lines } = laid else {
        return;
    };
    let Ok(f) = fonts() else { return };
    let face = f.face(block.bold);
    for (i, line) in lines.iter().enumerate() {
        let dx = match block.align {
            Align::Left => 0.0,
            Align::Center => ((width - face.width(line, *size)) / 2.0).max(0.0),
        };
        canvas.text(
            x + dx,
            top + i as f32 * size * LINE_HEIGHT,
            *size,
            block.bold,
            line,
        );
    }
}

fn draw_one(canvas: &mut Canvas, laid: &Laid, x: f32, top: f32, width: f32) {
    match laid {
        Laid::Text { .. } => draw_text(canvas, laid, x, top, width),
        Laid::Grid {
            cells,
            columns,
            row_heights,
        } => {
            let cell_width = (width - ROW_GAP * (*columns - 1) as f32) / *columns as f32;
            let mut row_top = top;
            for (row, h) in cells.chunks(*columns).zip(row_heights) {
                for (i, cell) in row.iter().enumerate() {
                    draw_text(
                        canvas,
                        cell,
                        x + i as f32 * (cell_width + ROW_GAP),
                        row_top,
                        cell_width,
                    );
                }
                row_top += h;
            }
        }
        Laid::Barcode {
            plan,
            bar_dots,
            symbol_height,
            text,
        } => {
            let dot = canvas.dpi.pt_per_dot();
            let footprint = plan.footprint_width_dots() as f32 * dot;
            let left = x + ((width - footprint) / 2.0).max(0.0);
            canvas.barcode(plan, left, top, *bar_dots);
            draw_text(
                canvas,
                text,
                x,
                top + symbol_height + BARCODE_TEXT_GAP,
                width,
            );
        }
        Laid::Symbol(spec) => draw_symbol(canvas, spec, x + width - spec.size_in * 72.0, top),
        Laid::Row {
            left,
            right,
            right_width,
        } => {
            draw_stack(canvas, left, x, top, width - right_width - ROW_GAP);
            draw_stack(canvas, right, x + width - right_width, top, *right_width);
        }
        Laid::Gap(_) => {}
        Laid::Rule => canvas.fill_rect(x, top + 0.75, width, 0.5),
    }
}

/// The universal symbol as vector shapes: an outlined triangle or diamond with its text lines inside.
fn draw_symbol(canvas: &mut Canvas, spec: &SymbolSpec, x: f32, top: f32) {
    let s = spec.size_in * 72.0;
    let stroke = s * 0.07;
    let outline = |inset: f32| -> Vec<(f32, f32)> {
        match spec.shape {
            SymbolShape::Triangle => vec![
                (x + s / 2.0, top + inset * 1.8),
                (x + s - inset * 1.6, top + s - inset),
                (x + inset * 1.6, top + s - inset),
            ],
            SymbolShape::Diamond => vec![
                (x + s / 2.0, top + inset * 1.4),
                (x + s - inset * 1.4, top + s / 2.0),
                (x + s / 2.0, top + s - inset * 1.4),
                (x + inset * 1.4, top + s / 2.0),
            ],
        }
    };
    canvas.fill_rings(&[outline(0.0), outline(stroke)]);
    let Ok(f) = fonts() else { return };
    let size = s * 0.16;
    let n = spec.lines.len() as f32;
    let block_top = match spec.shape {
        SymbolShape::Triangle => top + s * 0.62 - n * size * LINE_HEIGHT / 2.0 + size * 0.3,
        SymbolShape::Diamond => top + s / 2.0 - n * size * LINE_HEIGHT / 2.0,
    };
    for (i, line) in spec.lines.iter().enumerate() {
        let w = f.bold.width(line, size);
        canvas.text(
            x + (s - w) / 2.0,
            block_top + i as f32 * size * LINE_HEIGHT,
            size,
            true,
            line,
        );
    }
}
