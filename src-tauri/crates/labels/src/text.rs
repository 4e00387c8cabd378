//! The embedded font, text cleaning, measuring and wrapping.
//!
//! DejaVu Sans ships inside the crate (assets/fonts, Bitstream Vera licence) so a label measures and
//! renders the same on every OS. Widths come from the font's own advances, so "does it fit" is decided
//! here, before anything is drawn.

use crate::LabelError;
use printpdf::ParsedFont;
use std::sync::OnceLock;

const REGULAR_TTF: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../assets/fonts/DejaVuSans-Bold.ttf");

/// Line advance as a multiple of the font size (DejaVu ascent 0.928 + descent 0.236, plus a little air).
pub(crate) const LINE_HEIGHT: f32 = 1.2;
/// Baseline distance below the top of a line box, in em.
pub(crate) const ASCENT: f32 = 0.95;

pub(crate) struct Face {
    pub(crate) parsed: ParsedFont,
    units_per_em: f32,
}

impl Face {
    fn load(bytes: &[u8], name: &str) -> Result<Face, String> {
        let parsed = ParsedFont::from_bytes(bytes, 0, &mut Vec::new())
            .ok_or_else(|| format!("embedded font {name} failed to parse"))?;
        let units_per_em = f32::from(parsed.units_per_em.max(1));
        Ok(Face {
            parsed,
            units_per_em,
        })
    }

    pub(crate) fn has_char(&self, c: char) -> bool {
        self.parsed
            .lookup_glyph_index(c as u32)
            .is_some_and(|g| g != 0)
    }

    /// Advance width of `text` at `size` points.
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text
            .chars()
            .map(|c| {
                self.parsed
                    .lookup_glyph_index(c as u32)
                    .and_then(|g| self.parsed.get_glyph_width(g))
                    .map_or(0, u32::from)
            })
            .sum();
        units as f32 / self.units_per_em * size
    }
}

pub(crate) struct Fonts {
    pub(crate) regular: Face,
    pub(crate) bold: Face,
}

impl Fonts {
    pub(crate) fn face(&self, bold: bool) -> &Face {
        if bold { &self.bold } else { &self.regular }
    }
}

pub(crate) fn fonts() -> Result<&'static Fonts, LabelError> {
    static FONTS: OnceLock<Result<Fonts, String>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            Ok(Fonts {
                regular: Face::load(REGULAR_TTF, "DejaVuSans.ttf")?,
                bold: Face::load(BOLD_TTF, "DejaVuSans-Bold.ttf")?,
            })
        })
        .as_ref()
        .map_err(|e| LabelError::Catalog(e.clone()))
}

/// Invisible formatting characters that can reorder or hide text (bidi overrides, isolates, zero-width
/// joiners, BOM). They carry no printable content, and a hostile name could use them to make the
/// printed text differ from what an operator reads on screen.
fn is_format_char(c: char) -> bool {
    matches!(c as u32, 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2069 | 0xFEFF | 0x061C | 0x00AD)
}

/// Scripts written right to left. The label engine has no bidi reordering or Arabic shaping, so such
/// text would print in the wrong order: it is refused rather than printed wrong.
fn is_rtl_char(c: char) -> bool {
    matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFE | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
}

/// A field's text made safe to print: control and format characters removed, whitespace collapsed.
/// Returns the text and how many characters were dropped (reported back to the caller).
pub(crate) fn clean(field: &str, raw: &str) -> Result<(String, usize), LabelError> {
    let fonts = fonts()?;
    let mut out = String::with_capacity(raw.len());
    let mut dropped = 0;
    let mut pending_space = false;
    for c in raw.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if c.is_control() || is_format_char(c) {
            dropped += 1;
            continue;
        }
        if is_rtl_char(c) {
            return Err(LabelError::RightToLeftText {
                field: field.to_owned(),
            });
        }
        if !fonts.regular.has_char(c) || !fonts.bold.has_char(c) {
            return Err(LabelError::UnsupportedCharacter {
                field: field.to_owned(),
                ch: c,
                code: c as u32,
            });
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    Ok((out, dropped))
}

/// Greedy word wrap. A word wider than the line is broken between characters (nothing is dropped).
pub(crate) fn wrap(face: &Face, text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if face.width(&candidate, size) <= width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if face.width(word, size) <= width {
            line = word.to_owned();
            continue;
        }
        for c in word.chars() {
            let mut next = line.clone();
            next.push(c);
            if face.width(&next, size) > width && !line.is_empty() {
                lines.push(std::mem::replace(&mut line, c.to_string()));
            } else {
                line = next;
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_strips_controls_and_bidi_overrides_and_collapses_space() -> Result<(), LabelError> {
        let (text, dropped) = clean("customer", "  Ann\u{202E}a\u{0007}  \t Smith\u{200B} ")?;
        assert_eq!(text, "Anna Smith");
        assert_eq!(dropped, 3);
        Ok(())
    }

    #[test]
    fn clean_refuses_right_to_left_and_missing_glyphs() {
        assert!(matches!(
            clean("customer", "שלום"),
            Err(LabelError::RightToLeftText { .. })
        ));
        assert!(matches!(
            clean("customer", "山田"),
            Err(LabelError::UnsupportedCharacter { ch: '山', .. })
        ));
    }

    #[test]
    fn wrap_keeps_every_character_and_respects_width() -> Result<(), LabelError> {
        let face = &fonts()?.regular;
        let text = "Blue Dream Supercalifragilisticexpialidocious Extra Long Strain Name";
        let lines = wrap(face, text, 8.0, 60.0);
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(face.width(l, 8.0) <= 60.0, "{l:?} too wide");
        }
        assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
        Ok(())
    }
}
