//! OHAUS native output (Explorer, Navigator, Scout, Discovery, Courier): a right-justified 10-character
//! weight, space, unit, space, `?` when unstable, space, optional legend (`NET`, `G`, `TOTAL`, a time),
//! CR LF. Commands `IP`, `P`, `SP`, `Z`, `T`; `ES` for an invalid command; newer Scouts say `OK!` (§1.3).

use super::Command;
use super::reading::{Fault, Reading, ReplyKind};
use super::text::{decimal, right_aligned, unit_symbol};
use super::units::Unit;

pub(crate) fn encode(cmd: &Command) -> Option<Vec<u8>> {
    let text = match cmd {
        Command::StableWeight => "SP".to_string(),
        Command::CurrentWeight => "IP".to_string(),
        Command::StreamWeight => "CP".to_string(),
        Command::StopStream => "0P".to_string(),
        Command::Zero => "Z".to_string(),
        Command::Tare => "T".to_string(),
        Command::QueryTare => "PT".to_string(),
        Command::ClearTare => "0T".to_string(),
        // `xT`: preset tare in the displayed unit; the unit cannot be chosen.
        Command::PresetTare { value, .. } => format!("{value}T"),
        Command::Identity => "PSN".to_string(),
        Command::Reset => return None,
    };
    Some(format!("{text}\r\n").into_bytes())
}

pub(crate) fn parse(frame: &str) -> Option<Reading> {
    match frame.trim_end() {
        "ES" => return Some(Reading::fault(frame, Fault::Syntax)),
        "OK!" => return Some(Reading::new(ReplyKind::Ack, frame)),
        _ => {}
    }
    let mut tokens = frame.split(' ').filter(|t| !t.is_empty());
    // The weight field is 10 characters (12 on some Scout Pro models); longer is not a weight.
    let value = tokens.next().filter(|t| t.len() <= 12).and_then(decimal)?;
    let unit = tokens.next()?;
    if !unit_symbol(unit) {
        return None;
    }
    let mut stable = true;
    let mut legend: Option<&str> = None;
    for token in tokens {
        match token {
            "?" if stable && legend.is_none() => stable = false,
            // A legend is a word or a time, never a bare number: that keeps `7 g` + garbage apart.
            t if legend.is_none()
                && t.len() <= 10
                && t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b':')
                && t.bytes().any(|b| b.is_ascii_alphabetic() || b == b':') =>
            {
                legend = Some(t)
            }
            _ => return None,
        }
    }
    let mut r = Reading::weight(
        ReplyKind::Weight,
        frame,
        value,
        Unit::from_symbol(unit),
        stable,
    );
    if legend == Some("T") || legend == Some("PT") {
        r.kind = ReplyKind::Tare;
    }
    r.text = legend.map(str::to_string);
    Some(r)
}

/// Formats a weight line in the native format. `None` for over/underload (undocumented on the wire).
pub fn format_weight(r: &Reading) -> Option<String> {
    if r.overload || r.underload {
        return None;
    }
    let field = right_aligned(&r.value?.to_string(), 10);
    let unit = r.unit.as_ref()?.symbol();
    let stability = if r.stable { ' ' } else { '?' };
    Some(
        format!("{field} {unit:<5} {stability}")
            .trim_end()
            .to_string(),
    )
}
