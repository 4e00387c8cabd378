//! Field cleaning and the number formats printed on labels (weight to the scale's d, cannabinoids).

use crate::LabelError;
use crate::spec::{Cannabinoid, CannabinoidUnit};
use crate::text::clean;

/// Cleans fields and remembers what it had to change, so the caller can show or audit it.
#[derive(Default)]
pub(crate) struct Cleaner {
    pub(crate) notes: Vec<String>,
}

impl Cleaner {
    pub(crate) fn text(&mut self, field: &str, raw: &str) -> Result<String, LabelError> {
        let (text, dropped) = clean(field, raw)?;
        if dropped > 0 {
            self.notes.push(format!(
                "{field}: removed {dropped} control or formatting character(s)"
            ));
        }
        Ok(text)
    }

    /// A field that must be present and non-empty after cleaning.
    pub(crate) fn required(&mut self, field: &str, raw: &str) -> Result<String, LabelError> {
        let text = self.text(field, raw)?;
        if text.is_empty() {
            return Err(LabelError::MissingField {
                field: field.to_owned(),
            });
        }
        Ok(text)
    }

    pub(crate) fn optional(
        &mut self,
        field: &str,
        raw: Option<&str>,
    ) -> Result<Option<String>, LabelError> {
        match raw {
            None => Ok(None),
            Some(r) => Ok(Some(self.text(field, r)?).filter(|t| !t.is_empty())),
        }
    }
}

/// Accepts `YYYY-MM-DD` with a plausible month and day.
pub(crate) fn iso_date(field: &str, value: &str) -> Result<(), LabelError> {
    let bad = || LabelError::InvalidField {
        field: field.to_owned(),
        reason: format!("{value:?} is not a YYYY-MM-DD date"),
    };
    let parts: Vec<&str> = value.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(bad());
    };
    let num = |s: &str, len: usize| -> Option<u32> {
        (s.len() == len && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    match (num(y, 4), num(m, 2), num(d, 2)) {
        (Some(_), Some(1..=12), Some(1..=31)) => Ok(()),
        _ => Err(bad()),
    }
}

/// Net weight printed to the scale's readability `d`: d = 10 mg gives two decimals of a gram.
pub(crate) fn net_weight(weight_mg: i64, d_mg: i64) -> Result<String, LabelError> {
    let decimals = match d_mg {
        1 => 3,
        10 => 2,
        100 => 1,
        1000 => 0,
        _ => {
            return Err(LabelError::InvalidField {
                field: "scale_d_mg".into(),
                reason: format!("{d_mg} mg is not a scale division (1, 10, 100 or 1000 mg)"),
            });
        }
    };
    if weight_mg <= 0 || weight_mg % d_mg != 0 {
        return Err(LabelError::InvalidField {
            field: "net_weight_mg".into(),
            reason: format!(
                "{weight_mg} mg is not a positive multiple of the scale's d = {d_mg} mg"
            ),
        });
    }
    let grams = weight_mg / 1000;
    let frac = weight_mg % 1000;
    Ok(match decimals {
        0 => format!("{grams} g"),
        n => {
            let digits = format!("{frac:03}");
            format!("{grams}.{} g", &digits[..n])
        }
    })
}

/// Thousandths of a percent → "21.45 %"; micrograms → "10.0 mg" (rounded half up).
fn amount(value: i64, unit: CannabinoidUnit) -> String {
    match unit {
        CannabinoidUnit::Percent => {
            let hundredths = (value + 5) / 10;
            format!("{}.{:02} %", hundredths / 100, hundredths % 100)
        }
        CannabinoidUnit::MgPerUnit => {
            let tenths = (value + 50) / 100;
            format!("{}.{} mg", tenths / 10, tenths % 10)
        }
    }
}

/// "THC 0.45 %, THCA 22.10 %, …" plus NY-style totals (acid form × 0.877) when asked.
pub(crate) fn cannabinoids(
    list: &[Cannabinoid],
    required: &[String],
    totals: bool,
    cleaner: &mut Cleaner,
) -> Result<String, LabelError> {
    for name in required {
        if !list.iter().any(|c| c.name.eq_ignore_ascii_case(name)) {
            return Err(LabelError::MissingField {
                field: format!("cannabinoids.{name}"),
            });
        }
    }
    let mut parts = Vec::new();
    for c in list {
        if c.amount < 0 {
            return Err(LabelError::InvalidField {
                field: format!("cannabinoids.{}", c.name),
                reason: "a negative amount".into(),
            });
        }
        parts.push(format!(
            "{} {}",
            cleaner.required("cannabinoids.name", &c.name)?,
            amount(c.amount, c.unit)
        ));
    }
    if totals {
        let find = |n: &str| list.iter().find(|c| c.name.eq_ignore_ascii_case(n));
        for (neutral, acid, label) in [("THC", "THCA", "Total THC"), ("CBD", "CBDA", "Total CBD")] {
            let (n, a) = (find(neutral), find(acid));
            let unit = n.or(a).map(|c| c.unit);
            let Some(unit) = unit else { continue };
            if [n, a].iter().flatten().any(|c| c.unit != unit) {
                return Err(LabelError::InvalidField {
                    field: "cannabinoids".into(),
                    reason: format!("{neutral} and {acid} are in different units"),
                });
            }
            let total = n.map_or(0, |c| c.amount) + a.map_or(0, |c| c.amount * 877 / 1000);
            parts.push(format!("{label} {}", amount(total, unit)));
        }
    }
    Ok(parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weight_follows_the_scale_division() -> Result<(), LabelError> {
        assert_eq!(net_weight(3500, 10)?, "3.50 g");
        assert_eq!(net_weight(3501, 1)?, "3.501 g");
        assert_eq!(net_weight(28000, 100)?, "28.0 g");
        assert_eq!(net_weight(7000, 1000)?, "7 g");
        assert!(net_weight(3505, 10).is_err());
        assert!(net_weight(3500, 5).is_err());
        assert!(net_weight(0, 10).is_err());
        Ok(())
    }

    #[test]
    fn totals_use_the_acid_conversion_factor() -> Result<(), LabelError> {
        let c = |name: &str, amount| Cannabinoid {
            name: name.into(),
            amount,
            unit: CannabinoidUnit::Percent,
        };
        let text = cannabinoids(
            &[c("THC", 450), c("THCA", 22100), c("CBD", 0), c("CBDA", 60)],
            &["THC".into()],
            true,
            &mut Cleaner::default(),
        )?;
        // 0.450 + 22.100 × 0.877 = 19.8317 → 19.83 %
        assert!(text.contains("Total THC 19.83 %"), "{text}");
        assert!(text.contains("Total CBD 0.05 %"), "{text}");
        Ok(())
    }

    #[test]
    fn dates_are_checked() {
        assert!(iso_date("d", "2026-11-26").is_ok());
        assert!(iso_date("d", "2026-13-01").is_err());
        assert!(iso_date("d", "26/11/2026").is_err());
    }
}
