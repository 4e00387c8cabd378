//! The render path: resolve profile and stock, build the template's blocks, fit, draw, serialise.

use crate::LabelError;
use crate::barcode::Symbology;
use crate::canvas::{Canvas, build_pdf};
use crate::catalog::{Stock, StockKind, catalog};
use crate::format::Cleaner;
use crate::layout::{Ctx, TextBlock, draw, fit};
use crate::spec::{Dpi, LabelData, RenderSettings, Template};
use crate::templates::{exit_bag, package, pick_ticket};
use serde::Serialize;

/// A barcode placed on the label, for the audit record and the scan-back check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BarcodeInfo {
    pub payload: String,
    pub symbology: Symbology,
    pub module_dots: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RenderedLabel {
    #[serde(skip)]
    pub pdf: Vec<u8>,
    pub template: Template,
    pub profile: String,
    pub stock: String,
    pub dpi: Dpi,
    pub pages: usize,
    pub page_width_pt: f32,
    pub page_height_pt: f32,
    /// Every barcode on the output, in drawing order (one per page for a pick ticket).
    pub barcodes: Vec<BarcodeInfo>,
    /// 1.0 when every text is at its base size; lower when the label had to shrink to fit.
    pub text_scale: f32,
    /// What the engine changed (characters removed, draft stamp); show it or audit it.
    pub notes: Vec<String>,
}

fn check_stock(template: Template, stock: &Stock) -> Result<(), LabelError> {
    let refuse = |reason: &str| {
        Err(LabelError::StockNotSuitable {
            template: template.as_str(),
            stock: stock.id.clone(),
            reason: reason.to_owned(),
        })
    };
    match (template, stock.kind) {
        (Template::PickTicket, StockKind::Sheet) => Ok(()),
        (Template::PickTicket, _) => refuse("a pick ticket needs a sheet stock (letter or a4)"),
        (_, StockKind::Sheet) => refuse("labels need label or continuous stock, not a sheet"),
        _ => Ok(()),
    }
}

/// Names the template and stock in a does-not-fit refusal raised deep in the layout.
/// Renders one label or ticket to PDF bytes.
pub fn render(data: &LabelData, settings: &RenderSettings) -> Result<RenderedLabel, LabelError> {
    let cat = catalog()?;
    let profile = cat.profile(&settings.profile)?;
    let stock = cat.stock(&settings.stock)?;
    let template = data.template();
    check_stock(template, stock)?;
    let ctx = Ctx {
        dpi: settings.dpi,
        floor_pt: profile.min_font_pt,
        document: template.as_str(),
        stock: &stock.id,
    };
    let width = stock.width_pt - 2.0 * stock.margin_pt;
    let max_height = stock.height_pt - 2.0 * stock.margin_pt;
    let mut cleaner = Cleaner::default();
    let mut canvases = Vec::new();
    let mut text_scale = 1.0_f32;
    let mut page_height = stock.height_pt;

    if let LabelData::PickTicket(ticket) = data {
        let pages = pick_ticket::pages(ticket, &ctx, width, max_height, &mut cleaner)?;
        let count = pages.len();
        for (i, blocks) in pages.iter().enumerate() {
            let fitted = fit(&ctx, blocks, width, max_height)?;
            let mut canvas = Canvas::new(stock.width_pt, stock.height_pt, settings.dpi);
            draw(
                &mut canvas,
                &fitted,
                stock.margin_pt,
                stock.margin_pt,
                width,
            );
            let footer = [crate::layout::Block::Text(
                TextBlock::new("page", format!("Page {} of {count}", i + 1), 9.0).centered(),
            )];
            let footer_fit = fit(&ctx, &footer, width, f32::INFINITY)?;
            let footer_top = stock.height_pt - stock.margin_pt - footer_fit.height;
            draw(&mut canvas, &footer_fit, stock.margin_pt, footer_top, width);
            text_scale = text_scale.min(fitted.scale);
            canvases.push(canvas);
        }
    } else {
        let blocks = match data {
            LabelData::Package(p) => {
                let geo = package::Geometry {
                    width,
                    height: max_height,
                    dpi: settings.dpi,
                };
                package::blocks(p, profile, &geo, settings.draft, &mut cleaner)?
            }
            LabelData::ExitBag(b) => exit_bag::blocks(b, width, max_height, &mut cleaner)?,
            LabelData::PickTicket(_) => Vec::new(),
        };
        let fitted = fit(&ctx, &blocks, width, max_height)?;
        if stock.kind == StockKind::Continuous {
            // Continuous stock is cut after the content: whole dots, so barcodes stay on the grid.
            let dot = settings.dpi.pt_per_dot();
            page_height = ((fitted.height + 2.0 * stock.margin_pt) / dot).ceil() * dot;
        }
        let mut canvas = Canvas::new(stock.width_pt, page_height, settings.dpi);
        draw(
            &mut canvas,
            &fitted,
            stock.margin_pt,
            stock.margin_pt,
            width,
        );
        text_scale = fitted.scale;
        canvases.push(canvas);
    }
    if text_scale < 1.0 {
        cleaner.notes.push(format!(
            "text shrunk to {:.0} % of its base size to fit",
            text_scale * 100.0
        ));
    }
    let barcodes = drawn_barcodes(&canvases);
    let title = format!(
        "{} {}",
        template.as_str(),
        data.barcode_payload().escape_debug()
    );
    let pages = canvases.len();
    let pdf = build_pdf(&title, canvases)?;
    Ok(RenderedLabel {
        pdf,
        template,
        profile: profile.id.clone(),
        stock: stock.id.clone(),
        dpi: settings.dpi,
        pages,
        page_width_pt: stock.width_pt,
        page_height_pt: page_height,
        barcodes,
        text_scale,
        notes: cleaner.notes,
    })
}

/// The CLI's entry: template name + JSON data file contents.
pub fn render_json(
    template: Template,
    json: &[u8],
    settings: &RenderSettings,
) -> Result<RenderedLabel, LabelError> {
    render(&LabelData::from_json(template, json)?, settings)
}

/// What every barcode drawn on these pages encodes, in drawing order (kept with the audit record).
pub(crate) fn drawn_barcodes(canvases: &[Canvas]) -> Vec<BarcodeInfo> {
    canvases
        .iter()
        .flat_map(|c| &c.drawn)
        .map(|p| BarcodeInfo {
            payload: p.payload.clone(),
            symbology: p.symbology,
            module_dots: p.module_dots,
        })
        .collect()
}
