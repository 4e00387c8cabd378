//! Drawing onto PDF pages in top-left coordinates, and assembling the document.
//!
//! Layout thinks top-down in points; PDF is bottom-up. Barcodes are drawn on the printer's dot grid,
//! measured from the page's top-left corner, so that a rasteriser (or printer) at that resolution puts
//! every module edge exactly on a pixel edge.

use crate::LabelError;
use crate::barcode::{BarcodePlan, Symbology};
use crate::spec::Dpi;
use crate::text::{ASCENT, Face, fonts};
use printpdf::{
    FontId, LinePoint, Op, PaintMode, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Rect, TextItem, TextMatrix, WindingOrder,
};
use std::collections::BTreeSet;

const REGULAR_ID: &str = "F1";
const BOLD_ID: &str = "F2";

pub(crate) struct Canvas {
    pub(crate) width: f32,
    pub(crate) height: f32,
    pub(crate) dpi: Dpi,
    ops: Vec<Op>,
    /// Every barcode drawn, for the render report.
    pub(crate) drawn: Vec<BarcodePlan>,
    /// Characters drawn with the regular and the bold face: the font subsets keep just these.
    used: [BTreeSet<char>; 2],
}

impl Canvas {
    pub(crate) fn new(width: f32, height: f32, dpi: Dpi) -> Canvas {
        Canvas {
            width,
            height,
            dpi,
            ops: Vec::new(),
            drawn: Vec::new(),
            used: Default::default(),
        }
    }

    /// One line of text whose line box starts `top` points below the page top.
    pub(crate) fn text(&mut self, x: f32, top: f32, size: f32, bold: bool, text: &str) {
        let id = if bold { BOLD_ID } else { REGULAR_ID };
        self.used[usize::from(bold)].extend(text.chars());
        let baseline = self.height - top - ASCENT * size;
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(FontId(id.into())),
                size: Pt(size),
            },
            Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(x), Pt(baseline)),
            },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_owned())],
            },
            Op::EndTextSection,
        ]);
    }

    pub(crate) fn fill_rect(&mut self, x: f32, top: f32, width: f32, height: f32) {
        let mut rect =
            Rect::from_xywh(Pt(x), Pt(self.height - top - height), Pt(width), Pt(height));
        // printpdf 0.12 draws nothing for a rectangle without a paint mode.
        rect.mode = Some(PaintMode::Fill);
        self.ops.push(Op::DrawRectangle { rectangle: rect });
    }

    /// Filled polygon with even-odd rings, so an outer and an inner ring make an outline.
    pub(crate) fn fill_rings(&mut self, rings: &[Vec<(f32, f32)>]) {
        let rings = rings
            .iter()
            .map(|ring| PolygonRing {
                points: ring
                    .iter()
                    .map(|&(x, top)| LinePoint {
                        p: Point {
                            x: Pt(x),
                            y: Pt(self.height - top),
                        },
                        bezier: false,
                    })
                    .collect(),
            })
            .collect();
        self.ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings,
                mode: PaintMode::Fill,
                winding_order: WindingOrder::EvenOdd,
            },
        });
    }

    /// Draws a planned barcode with its top-left quiet-zone corner at or just after (x, top), snapped
    /// to whole dots. Code 128 bars are `bar_dots` tall; a QR symbol is square.
    pub(crate) fn barcode(&mut self, plan: &BarcodePlan, x: f32, top: f32, bar_dots: u32) {
        let dot = self.dpi.pt_per_dot();
        let x0 = (x / dot).ceil() as u32 + plan.quiet_modules() * plan.module_dots;
        let top_dots = (top / dot).ceil() as u32;
        let m = plan.module_dots;
        match plan.symbology {
            Symbology::Code128 => {
                for (start, len) in plan.dark_runs(0) {
                    self.fill_rect(
                        (x0 + start * m) as f32 * dot,
                        top_dots as f32 * dot,
                        (len * m) as f32 * dot,
                        bar_dots as f32 * dot,
                    );
                }
            }
            Symbology::Qr => {
                let y0 = top_dots + plan.quiet_modules() * m;
                for row in 0..plan.size {
                    for (start, len) in plan.dark_runs(row) {
                        self.fill_rect(
                            (x0 + start * m) as f32 * dot,
                            (y0 + row * m) as f32 * dot,
                            (len * m) as f32 * dot,
                            m as f32 * dot,
                        );
                    }
                }
            }
        }
        self.drawn.push(plan.clone());
    }

    fn into_page(self) -> PdfPage {
        let size = Rect::from_wh(Pt(self.width), Pt(self.height));
        PdfPage {
            media_box: size.clone(),
            trim_box: size.clone(),
            crop_box: size,
            ops: self.ops,
        }
    }
}

/// A copy of `face` holding only the glyphs for `chars` (plus .notdef). A label uses a few dozen of
/// DejaVu's 6000 glyphs: subsetting takes the PDF from ~750 KB to ~20 KB and most of the render time
/// with it.
fn subset(face: &Face, chars: &BTreeSet<char>) -> Result<ParsedFont, LabelError> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{CmapTarget, SubsetProfile};

    let err = |e: String| LabelError::Pdf(format!("font subsetting: {e}"));
    let gids: BTreeSet<u16> = chars
        .iter()
        .filter_map(|&c| face.parsed.lookup_glyph_index(c as u32))
        .collect();
    // .notdef must come first (allsorts renumbers glyphs in the order given).
    let ids: Vec<u16> = std::iter::once(0)
        .chain(gids.into_iter().filter(|&g| g != 0))
        .collect();
    let bytes = &face.parsed.original_bytes;
    let font = ReadScope::new(bytes)
        .read::<FontData<'_>>()
        .map_err(|e| err(e.to_string()))?;
    let provider = font.table_provider(0).map_err(|e| err(e.to_string()))?;
    let sub = allsorts::subset::subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
        .map_err(|e| err(e.to_string()))?;
    let parsed = ParsedFont::from_bytes(&sub, 0, &mut Vec::new())
        .ok_or_else(|| err("subset did not parse".into()))?;
    // Every character must still reach a real glyph, or the label would print boxes.
    if let Some(c) = chars
        .iter()
        .find(|&&c| parsed.lookup_glyph_index(c as u32).is_none_or(|g| g == 0))
    {
        return Err(err(format!("character {c:?} lost its glyph")));
    }
    Ok(parsed)
}

/// Serialises the pages with the embedded fonts (subset to the glyphs used).
pub(crate) fn build_pdf(title: &str, pages: Vec<Canvas>) -> Result<Vec<u8>, LabelError> {
    let fonts = fonts()?;
    let mut doc = PdfDocument::new(title);
    // Fixed font ids (printpdf would generate random ones) keep the output stable between runs.
    let mut used: [BTreeSet<char>; 2] = Default::default();
    for page in &pages {
        used[0].extend(&page.used[0]);
        used[1].extend(&page.used[1]);
    }
    let faces = [
        (REGULAR_ID, &fonts.regular, &used[0]),
        (BOLD_ID, &fonts.bold, &used[1]),
    ];
    for (id, face, chars) in faces {
        if !chars.is_empty() {
            let font = PdfFont::new(subset(face, chars)?);
            doc.resources.fonts.map.insert(FontId(id.into()), font);
        }
    }
    doc.with_pages(pages.into_iter().map(Canvas::into_page).collect());
    let mut warnings = Vec::new();
    let bytes = doc.save(
        &PdfSaveOptions {
            // Already subset above; printpdf's own subsetter needs its text_layout feature.
            subset_fonts: false,
            ..Default::default()
        },
        &mut warnings,
    );
    if let Some(w) = warnings
        .iter()
        .find(|w| w.severity == printpdf::PdfParseErrorSeverity::Error)
    {
        return Err(LabelError::Pdf(w.msg.clone()));
    }
    Ok(bytes)
}
