//! Barcode planning: Code 128 where it fits, QR where it does not, every module a whole number of
//! printer dots, quiet zones included in the footprint.
//!
//! Scaling a barcode by a non-integer number of dots makes some bars one dot wider than others, which
//! is the classic reason a label that looks fine will not scan (hardware.md §4.3). The plan is made for
//! one printer resolution and drawn on that resolution's dot grid.

use crate::LabelError;
use crate::spec::Dpi;
use barcoders::sym::code128::Code128;
use qrcode::{EcLevel, QrCode};
use serde::Serialize;

/// Code 128 quiet zone each side, in modules (GS1 General Specifications §5.4.4.2).
pub const CODE128_QUIET_MODULES: u32 = 10;
/// QR quiet zone all round, in modules.
pub const QR_QUIET_MODULES: u32 = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Symbology {
    Code128,
    Qr,
}

/// One barcode, ready to draw: a grid of modules and the dot size of one module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BarcodePlan {
    pub payload: String,
    pub symbology: Symbology,
    pub module_dots: u32,
    /// Code 128: one row of bars (`true` = dark). QR: `size` rows of `size` modules.
    pub modules: Vec<bool>,
    /// Modules across (without quiet zones).
    pub size: u32,
}

impl BarcodePlan {
    pub fn quiet_modules(&self) -> u32 {
        match self.symbology {
            Symbology::Code128 => CODE128_QUIET_MODULES,
            Symbology::Qr => QR_QUIET_MODULES,
        }
    }

    /// Width of the symbol and its quiet zones, in dots.
    pub fn footprint_width_dots(&self) -> u32 {
        (self.size + 2 * self.quiet_modules()) * self.module_dots
    }

    /// Dark runs of one row as (first module, run length); used to draw bars as few rectangles.
    pub fn dark_runs(&self, row: u32) -> Vec<(u32, u32)> {
        let width = self.size as usize;
        let start = match self.symbology {
            Symbology::Code128 => 0,
            Symbology::Qr => row as usize * width,
        };
        let cells = self.modules.get(start..start + width).unwrap_or(&[]);
        let mut runs = Vec::new();
        let mut i = 0;
        while i < cells.len() {
            if cells[i] {
                let j = cells[i..]
                    .iter()
                    .position(|d| !d)
                    .map_or(cells.len(), |n| i + n);
                runs.push((i as u32, (j - i) as u32));
                i = j;
            } else {
                i += 1;
            }
        }
        runs
    }
}

/// The barcoders input for a payload: subset C for runs of digits (two digits per symbol), B for the
/// rest. A 16-digit BioTrack id becomes pure subset C.
fn code128_input(payload: &str) -> Result<String, LabelError> {
    if payload.is_empty() || payload.chars().any(|c| !(' '..='~').contains(&c)) {
        return Err(LabelError::BadBarcodePayload {
            payload: payload.escape_debug().to_string(),
            reason: "Code 128 here takes printable ASCII only".into(),
        });
    }
    let chars: Vec<char> = payload.chars().collect();
    let all_digits = chars.iter().all(char::is_ascii_digit);
    let mut out = String::new();
    let mut set = ' ';
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        // Subset C pays off for 4+ digits (or a whole all-digit payload); an odd digit goes in B first.
        if run >= 4 || (all_digits && run >= 2) {
            if run % 2 == 1 {
                if set != 'Ɓ' {
                    out.push('Ɓ');
                    set = 'Ɓ';
                }
                out.push(chars[i]);
                i += 1;
            }
            if set != 'Ć' {
                out.push('Ć');
                set = 'Ć';
            }
            let even = run - run % 2;
            out.extend(&chars[i..i + even]);
            i += even;
        } else {
            if set != 'Ɓ' {
                out.push('Ɓ');
                set = 'Ɓ';
            }
            let n = run.max(1);
            out.extend(&chars[i..i + n]);
            i += n;
        }
    }
    Ok(out)
}

fn code128_modules(payload: &str) -> Result<Vec<bool>, LabelError> {
    let input = code128_input(payload)?;
    let code = Code128::new(&input).map_err(|e| LabelError::BadBarcodePayload {
        payload: payload.to_owned(),
        reason: e.to_string(),
    })?;
    Ok(code.encode().into_iter().map(|b| b == 1).collect())
}

fn qr_modules(payload: &str) -> Result<(Vec<bool>, u32), LabelError> {
    let code =
        QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M).map_err(|e| {
            LabelError::BadBarcodePayload {
                payload: payload.to_owned(),
                reason: e.to_string(),
            }
        })?;
    let size = code.width() as u32;
    let modules = code
        .into_colors()
        .into_iter()
        .map(|c| c == qrcode::Color::Dark)
        .collect();
    Ok((modules, size))
}

/// Module sizes to try, largest first. Code 128: X near 0.25 mm (10 mil); never below 2 dots.
/// QR: 1.5 × the linear X, as GS1 advises for 2D symbols.
fn module_choices(symbology: Symbology, dpi: Dpi) -> &'static [u32] {
    match (symbology, dpi) {
        (Symbology::Code128, Dpi::D203) => &[2],
        (Symbology::Code128, Dpi::D300) => &[3, 2],
        (Symbology::Qr, Dpi::D203) => &[3, 2],
        (Symbology::Qr, Dpi::D300) => &[4, 3],
    }
}

/// Plans the barcode for `payload` within `max_width_dots` (quiet zones included): Code 128 if it fits,
/// otherwise QR, otherwise a clear refusal.
pub fn plan(payload: &str, dpi: Dpi, max_width_dots: u32) -> Result<BarcodePlan, LabelError> {
    let bars = code128_modules(payload)?;
    let size = bars.len() as u32;
    for &x in module_choices(Symbology::Code128, dpi) {
        if (size + 2 * CODE128_QUIET_MODULES) * x <= max_width_dots {
            return Ok(BarcodePlan {
                payload: payload.to_owned(),
                symbology: Symbology::Code128,
                module_dots: x,
                modules: bars,
                size,
            });
        }
    }
    let (cells, qr_size) = qr_modules(payload)?;
    for &x in module_choices(Symbology::Qr, dpi) {
        if (qr_size + 2 * QR_QUIET_MODULES) * x <= max_width_dots {
            return Ok(BarcodePlan {
                payload: payload.to_owned(),
                symbology: Symbology::Qr,
                module_dots: x,
                modules: cells,
                size: qr_size,
            });
        }
    }
    Err(LabelError::BarcodeDoesNotFit {
        payload: payload.to_owned(),
        available_dots: max_width_dots,
        dpi: dpi.dots_per_inch(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const BIOTRACK: &str = "6647330000000123";
    const METRC: &str = "1A4FF0100000022000000123";

    #[test]
    fn biotrack_id_is_pure_subset_c_with_the_expected_module_count() -> Result<(), LabelError> {
        assert_eq!(code128_input(BIOTRACK)?, format!("Ć{BIOTRACK}"));
        // hardware.md §4.3: 143 modules including 10X quiet zones each side.
        assert_eq!(code128_modules(BIOTRACK)?.len() as u32 + 20, 143);
        Ok(())
    }

    #[test]
    fn metrc_tag_mixes_subsets_and_matches_the_reference_width() -> Result<(), LabelError> {
        assert_eq!(code128_input(METRC)?, "Ɓ1A4FF0Ć100000022000000123");
        assert_eq!(code128_modules(METRC)?.len() as u32 + 20, 231);
        Ok(())
    }

    #[test]
    fn metrc_tag_on_a_two_inch_label_at_203_dpi_falls_back_to_qr() -> Result<(), LabelError> {
        let plan = plan(METRC, Dpi::D203, 406)?;
        assert_eq!(plan.symbology, Symbology::Qr);
        let at_300 = plan_at(METRC, Dpi::D300, 600)?;
        assert_eq!(
            (at_300.symbology, at_300.module_dots),
            (Symbology::Code128, 2)
        );
        Ok(())
    }

    fn plan_at(p: &str, dpi: Dpi, w: u32) -> Result<BarcodePlan, LabelError> {
        plan(p, dpi, w)
    }

    #[test]
    fn odd_digit_runs_and_non_ascii_are_handled() -> Result<(), LabelError> {
        assert_eq!(code128_input("12345")?, "Ɓ1Ć2345");
        assert_eq!(code128_input("AB-7")?, "ƁAB-7");
        assert!(matches!(
            code128_input("é1"),
            Err(LabelError::BadBarcodePayload { .. })
        ));
        assert!(matches!(
            code128_input(""),
            Err(LabelError::BadBarcodePayload { .. })
        ));
        Ok(())
    }

    #[test]
    fn refuses_when_nothing_fits() {
        assert!(matches!(
            plan(METRC, Dpi::D203, 40),
            Err(LabelError::BarcodeDoesNotFit { .. })
        ));
    }
}
