//! A&D standard format (FX-i, FZ-i, GX, EK, GC): `HH,sDDDDDDDD UUU` CR LF, errors `EC,Exx`,
//! acknowledgements `<AK>` (0x06) when function `erCd` is 1 (hardware.md §1.4).

use super::Command;
use super::reading::{Fault, Reading, ReplyKind};
use super::text::{decimal, unit_symbol};
use super::units::Unit;

pub(crate) const ACK_BYTE: u8 = 0x06;

pub(crate) fn encode(cmd: &Command) -> Option<Vec<u8>> {
    let text = match cmd {
        Command::StableWeight => "S".to_string(),
        Command::CurrentWeight => "Q".to_string(),
        Command::StreamWeight => "SIR".to_string(),
        Command::StopStream | Command::Reset => "C".to_string(),
        Command::Zero => "Z".to_string(),
        Command::Tare => "T".to_string(),
        Command::QueryTare => "?PT".to_string(),
        Command::PresetTare { value, unit } => format!("PT:{value}{}", unit.symbol()),
        // A&D has no "clear tare" command; presetting a zero tare is the documented way.
        Command::ClearTare => "PT:0.00g".to_string(),
        Command::Identity => "?SN".to_string(),
    };
    Some(format!("{text}\r\n").into_bytes())
}

pub(crate) fn parse(frame: &str) -> Option<Reading> {
    if let Some(code) = frame.strip_prefix("EC,") {
        return error(frame, code);
    }
    let (header, rest) = frame.split_at_checked(3)?;
    let header = header.strip_suffix(',')?;
    match header {
        "ST" | "US" | "QT" | "WT" | "OL" => measurement(header, frame, rest),
        "PT" => {
            let mut r = measurement("ST", frame, rest)?;
            r.kind = ReplyKind::Tare;
            Some(r.replying_to("PT"))
        }
        "SN" | "ID" | "TN" => {
            let text = rest.trim();
            if text.is_empty() {
                return None;
            }
            let kind = if header == "SN" {
                ReplyKind::Identity
            } else {
                ReplyKind::Info
            };
            let mut r = Reading::new(kind, frame);
            r.text = Some(text.to_string());
            Some(r.replying_to(header))
        }
        _ => None,
    }
}

fn error(frame: &str, code: &str) -> Option<Reading> {
    let fault = match code {
        "E01" => Fault::Syntax,
        "E02" => Fault::NotExecutable,
        "E04" | "E06" => Fault::Syntax,
        "E07" => Fault::OutOfRange,
        "E11" => Fault::Unstable,
        other
            if other.len() == 3
                && other.starts_with('E')
                && other[1..].bytes().all(|b| b.is_ascii_digit()) =>
        {
            Fault::Device(other.to_string())
        }
        _ => return None,
    };
    Some(Reading::fault(frame, fault).replying_to("EC"))
}

/// The 9-character data field (sign first) and the unit field, padded with spaces.
fn measurement(header: &str, frame: &str, rest: &str) -> Option<Reading> {
    let (data, unit_field) = rest.split_at_checked(9)?;
    let unit = unit_field.trim_start();
    if !data.starts_with(['+', '-']) || !unit_symbol(unit) || unit_field.len() > 4 {
        return None;
    }
    if header == "OL" {
        // The data field is filled with 9s; only the sign matters.
        if !data[1..]
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b' ')
        {
            return None;
        }
        let mut r = Reading::new(ReplyKind::Weight, frame);
        r.overload = data.starts_with('+');
        r.underload = !r.overload;
        r.unit = Some(Unit::from_symbol(unit));
        return Some(r.replying_to(header));
    }
    // Some models blank leading zeros with spaces between the sign and the digits.
    let digits = data[1..].trim_start();
    let value = decimal(&format!("{}{digits}", &data[..1]))?;
    let stable = header != "US";
    Some(
        Reading::weight(
            ReplyKind::Weight,
            frame,
            value,
            Unit::from_symbol(unit),
            stable,
        )
        .replying_to(header),
    )
}

pub(crate) fn ack() -> Reading {
    Reading::new(ReplyKind::Ack, "\u{6}").replying_to("AK")
}

/// Formats a weight line in the A&D standard format (15 characters). `None` if it does not fit.
pub fn format_weight(r: &Reading) -> Option<String> {
    let unit = r.unit.as_ref()?.symbol();
    if r.overload || r.underload {
        let sign = if r.overload { '+' } else { '-' };
        return Some(format!("OL,{sign}99999999{unit:>3}"));
    }
    let value = r.value?;
    let sign = if value.is_sign_negative() { '-' } else { '+' };
    let digits = value.abs().to_string();
    if digits.len() > 8 || unit.len() > 3 {
        return None;
    }
    let header = if r.stable { "ST" } else { "US" };
    Some(format!("{header},{sign}{digits:0>8}{unit:>3}"))
}
