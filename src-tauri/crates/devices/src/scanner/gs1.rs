//! GS1 element strings (GS1-128, GS1 DataMatrix, GS1 QR): application identifiers with fixed or
//! variable length; variable fields end at GS (0x1D, the transmitted FNC1) unless last.
//! The bracketed human-readable form `(01)…(10)…` is accepted for manual entry.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

pub const GS: char = '\u{1d}';

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gs1Date {
    /// As encoded, `YYMMDD`.
    pub raw: String,
    /// The date meant. Day `00` means the last day of the month.
    pub date: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gs1Record {
    pub gtin: Option<String>,
    pub batch: Option<String>,
    pub expiry: Option<Gs1Date>,
    pub serial: Option<String>,
    /// Every element in order, including those above: `(ai, value)`.
    pub elements: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
pub enum Gs1Error {
    #[error("empty GS1 element string")]
    Empty,
    #[error("unknown application identifier at {0:?}")]
    UnknownAi(String),
    #[error("AI ({ai}) needs {expected} characters, found {found}")]
    WrongLength {
        ai: String,
        expected: usize,
        found: usize,
    },
    #[error("AI ({ai}) value is too long ({found} > {max})")]
    TooLong {
        ai: String,
        max: usize,
        found: usize,
    },
    #[error("AI ({ai}) must be digits: {value:?}")]
    NotNumeric { ai: String, value: String },
    #[error("AI ({ai}) holds characters outside the GS1 set: {value:?}")]
    BadCharacter { ai: String, value: String },
    #[error("GTIN {0} has a wrong check digit")]
    CheckDigit(String),
    #[error("AI ({ai}) date {value:?} is not a valid YYMMDD date")]
    BadDate { ai: String, value: String },
    #[error("unbalanced brackets in the human-readable form")]
    Brackets,
}

#[derive(Clone, Copy)]
enum Len {
    Fixed(usize),
    Var(usize),
}

struct AiSpec {
    ai_len: usize,
    len: Len,
    numeric: bool,
}

/// The AIs we know, by their leading digits. Enough for pharma/cannabis labels; extend as needed.
fn spec(s: &str) -> Option<AiSpec> {
    let two = s.get(..2)?;
    let (ai_len, len, numeric) = match two {
        "00" => (2, Len::Fixed(18), true),
        "01" | "02" => (2, Len::Fixed(14), true),
        "11" | "12" | "13" | "15" | "16" | "17" => (2, Len::Fixed(6), true),
        "20" => (2, Len::Fixed(2), true),
        "10" | "21" | "22" => (2, Len::Var(20), false),
        "30" | "37" => (2, Len::Var(8), true),
        "90" => (2, Len::Var(30), false),
        "91" | "92" | "93" | "94" | "95" | "96" | "97" | "98" | "99" => (2, Len::Var(90), false),
        "24" | "25" | "40"
            if matches!(s.get(..3)?, "240" | "241" | "250" | "251" | "400" | "401") =>
        {
            (3, Len::Var(30), false)
        }
        "41" if matches!(s.as_bytes().get(2)?, b'0'..=b'7') => (3, Len::Fixed(13), true),
        "31" | "32" | "33" | "34" | "35" | "36"
            if s.get(..4)?.bytes().all(|b| b.is_ascii_digit()) =>
        {
            (4, Len::Fixed(6), true)
        }
        _ => return None,
    };
    Some(AiSpec {
        ai_len,
        len,
        numeric,
    })
}

/// GS1 AI encodable set 82 (printable ASCII subset); GS is the separator and never data.
fn gs1_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!\"%&'()*+,-./:;<=>?_".contains(c)
}

/// Parses an element string (AIM id already removed, leading FNC1/GS allowed).
pub fn parse(input: &str, reference_year: i32) -> Result<Gs1Record, Gs1Error> {
    let input = input.trim_start_matches(GS);
    if input.starts_with('(') {
        return parse_bracketed(input, reference_year);
    }
    let mut elements = Vec::new();
    let mut rest = input;
    while !rest.is_empty() {
        let spec = spec(rest).ok_or_else(|| Gs1Error::UnknownAi(rest.chars().take(4).collect()))?;
        let ai = rest[..spec.ai_len].to_string();
        let after = &rest[spec.ai_len..];
        let (value, next) = match spec.len {
            Len::Fixed(n) => {
                let value = after.get(..n).filter(|v| !v.contains(GS)).ok_or_else(|| {
                    Gs1Error::WrongLength {
                        ai: ai.clone(),
                        expected: n,
                        found: after.find(GS).unwrap_or(after.len()),
                    }
                })?;
                (value, &after[n..])
            }
            Len::Var(_) => match after.find(GS) {
                Some(i) => (&after[..i], &after[i..]),
                None => (after, ""),
            },
        };
        elements.push((ai, value.to_string()));
        // A GS after a fixed-length field is allowed (some encoders add it); skip it.
        rest = next.trim_start_matches(GS);
    }
    build(elements, reference_year)
}

fn parse_bracketed(input: &str, reference_year: i32) -> Result<Gs1Record, Gs1Error> {
    let mut elements = Vec::new();
    let mut rest = input;
    while !rest.is_empty() {
        let body = rest.strip_prefix('(').ok_or(Gs1Error::Brackets)?;
        let close = body.find(')').ok_or(Gs1Error::Brackets)?;
        let ai = &body[..close];
        let after = &body[close + 1..];
        let end = after.find('(').unwrap_or(after.len());
        if spec(ai).is_none_or(|s| s.ai_len != ai.len()) {
            return Err(Gs1Error::UnknownAi(ai.into()));
        }
        elements.push((ai.to_string(), after[..end].to_string()));
        rest = &after[end..];
    }
    build(elements, reference_year)
}

fn build(elements: Vec<(String, String)>, reference_year: i32) -> Result<Gs1Record, Gs1Error> {
    if elements.is_empty() {
        return Err(Gs1Error::Empty);
    }
    let mut record = Gs1Record {
        gtin: None,
        batch: None,
        expiry: None,
        serial: None,
        elements: Vec::new(),
    };
    for (ai, value) in &elements {
        validate(ai, value)?;
        match ai.as_str() {
            "01" => {
                if !gtin_check_ok(value) {
                    return Err(Gs1Error::CheckDigit(value.clone()));
                }
                record.gtin = Some(value.clone());
            }
            "10" => record.batch = Some(value.clone()),
            "17" => record.expiry = Some(date(ai, value, reference_year)?),
            "21" => record.serial = Some(value.clone()),
            _ => {}
        }
    }
    record.elements = elements;
    Ok(record)
}

fn validate(ai: &str, value: &str) -> Result<(), Gs1Error> {
    let spec = spec(ai).ok_or_else(|| Gs1Error::UnknownAi(ai.into()))?;
    match spec.len {
        Len::Fixed(n) if value.len() != n => {
            return Err(Gs1Error::WrongLength {
                ai: ai.into(),
                expected: n,
                found: value.len(),
            });
        }
        Len::Var(max) if value.len() > max => {
            return Err(Gs1Error::TooLong {
                ai: ai.into(),
                max,
                found: value.len(),
            });
        }
        Len::Var(_) if value.is_empty() => {
            return Err(Gs1Error::WrongLength {
                ai: ai.into(),
                expected: 1,
                found: 0,
            });
        }
        _ => {}
    }
    if spec.numeric && !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Gs1Error::NotNumeric {
            ai: ai.into(),
            value: value.into(),
        });
    }
    if !value.chars().all(gs1_char) {
        return Err(Gs1Error::BadCharacter {
            ai: ai.into(),
            value: value.into(),
        });
    }
    Ok(())
}

/// GS1 mod-10 check digit over the whole key (the last digit checks the others).
pub fn gtin_check_ok(digits: &str) -> bool {
    let d: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
    if d.len() != digits.len() || d.len() < 2 {
        return false;
    }
    let (body, check) = d.split_at(d.len() - 1);
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, v)| if i % 2 == 0 { v * 3 } else { *v })
        .sum();
    (10 - sum % 10) % 10 == check[0]
}

/// `YYMMDD` with the GS1 century rule (General Specifications 7.12) relative to `reference_year`;
/// day `00` is the last day of the month.
fn date(ai: &str, value: &str, reference_year: i32) -> Result<Gs1Date, Gs1Error> {
    let bad = || Gs1Error::BadDate {
        ai: ai.into(),
        value: value.into(),
    };
    let num = |r: std::ops::Range<usize>| {
        value
            .get(r)
            .and_then(|s| s.parse::<u32>().ok())
            .ok_or_else(bad)
    };
    let (yy, mm, dd) = (num(0..2)? as i32, num(2..4)?, num(4..6)?);
    let current_yy = reference_year.rem_euclid(100);
    let century = reference_year - current_yy;
    let year = match yy - current_yy {
        51..=99 => century - 100 + yy,
        -99..=-50 => century + 100 + yy,
        _ => century + yy,
    };
    let date = if dd == 0 {
        let first = NaiveDate::from_ymd_opt(year, mm, 1).ok_or_else(bad)?;
        let next = if mm == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(year, mm + 1, 1)
        };
        next.and_then(|n| n.pred_opt())
            .filter(|d| d.month() == first.month())
            .ok_or_else(bad)?
    } else {
        NaiveDate::from_ymd_opt(year, mm, dd).ok_or_else(bad)?
    };
    Ok(Gs1Date {
        raw: value.into(),
        date,
    })
}
