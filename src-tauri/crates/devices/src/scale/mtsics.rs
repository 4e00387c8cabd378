//! Mettler Toledo MT-SICS (also KERN KCP and OHAUS 7000-series indicators).
//! Reply shape: `<ID> <status>[ <params>]` CR LF, or a general error `ES`/`ET`/`EL` (hardware.md §1.2).

use super::Command;
use super::reading::{Fault, Reading, ReplyKind};
use super::text::{decimal, right_aligned, unit_symbol};
use super::units::Unit;

/// Reply ids we accept. A fixed list keeps garbage such as `XS S 1 g` from passing as a frame.
const KNOWN_IDS: &[&str] = &[
    "S", "SI", "SIR", "SU", "SUI", "Z", "ZI", "T", "TI", "TA", "TAC", "I0", "I1", "I2", "I3", "I4",
    "I5", "@",
];

pub(crate) fn encode(cmd: &Command) -> Option<Vec<u8>> {
    let text = match cmd {
        Command::StableWeight => "S".to_string(),
        Command::CurrentWeight => "SI".to_string(),
        Command::StreamWeight => "SIR".to_string(),
        // `@` would also clear the tare on some terminals; `SI` ends SIR with one harmless reply.
        Command::StopStream => "SI".to_string(),
        Command::Zero => "Z".to_string(),
        Command::Tare => "T".to_string(),
        Command::QueryTare => "TA".to_string(),
        Command::ClearTare => "TAC".to_string(),
        Command::PresetTare { value, unit } => format!("TA {value} {}", unit.symbol()),
        Command::Identity => "I4".to_string(),
        Command::Reset => "@".to_string(),
    };
    Some(format!("{text}\r\n").into_bytes())
}

/// The id an MT-SICS reply to `cmd` carries, for matching replies to commands.
pub fn reply_id(cmd: &Command) -> &'static str {
    match cmd {
        Command::StableWeight
        | Command::CurrentWeight
        | Command::StreamWeight
        | Command::StopStream => "S",
        Command::Zero => "Z",
        Command::Tare => "T",
        Command::QueryTare | Command::PresetTare { .. } => "TA",
        Command::ClearTare => "TAC",
        Command::Identity | Command::Reset => "I4",
    }
}

pub(crate) fn parse(frame: &str) -> Option<Reading> {
    match frame {
        "ES" => return Some(Reading::fault(frame, Fault::Syntax)),
        "ET" => return Some(Reading::fault(frame, Fault::Transmission)),
        "EL" => return Some(Reading::fault(frame, Fault::Logical)),
        _ => {}
    }
    // The id and status are separated by exactly one space; the weight field is space padded.
    let (id, rest) = frame.split_once(' ')?;
    if !KNOWN_IDS.contains(&id) {
        return None;
    }
    let (status, params) = match rest.split_once(' ') {
        Some((s, p)) => (s, Some(p)),
        None => (rest, None),
    };
    let reply = match (status, params) {
        ("I", None) => Reading::fault(frame, Fault::NotExecutable),
        ("L", None) => Reading::fault(frame, Fault::Logical),
        ("+", None) => out_of_range(id, frame, true),
        ("-", None) => out_of_range(id, frame, false),
        ("A", None) => Reading::new(ReplyKind::Ack, frame),
        // `I4 A "B123"`, `I2 A "T72XW …"`, multi-line `I0 B 0 "I0"`.
        ("A" | "B", Some(p)) if p.ends_with('"') => quoted(id, frame, p)?,
        ("S" | "D" | "A", Some(p)) => weight(id, status, frame, p)?,
        // ZI answers `Z S`/`Z D` with no weight: zeroed on a stable or a dynamic value.
        ("S" | "D", None) if id.starts_with('Z') => Reading::new(ReplyKind::Ack, frame),
        _ => return None,
    };
    Some(reply.replying_to(id))
}

fn out_of_range(id: &str, frame: &str, over: bool) -> Reading {
    if id == "S" || id == "SI" {
        // On a weight request `S +`/`S -` is the over/underload display, not a refusal.
        let mut r = Reading::new(ReplyKind::Weight, frame);
        r.overload = over;
        r.underload = !over;
        r
    } else {
        Reading::fault(frame, Fault::OutOfRange)
    }
}

fn quoted(id: &str, frame: &str, params: &str) -> Option<Reading> {
    let start = params.find('"')?;
    let inner = &params[start + 1..];
    let end = inner.rfind('"')?;
    let text = &inner[..end];
    let kind = if id == "I4" {
        ReplyKind::Identity
    } else {
        ReplyKind::Info
    };
    let mut r = Reading::new(kind, frame);
    r.text = Some(text.to_string());
    Some(r)
}

fn weight(id: &str, status: &str, frame: &str, params: &str) -> Option<Reading> {
    let mut tokens = params.split(' ').filter(|t| !t.is_empty());
    let value = decimal(tokens.next()?)?;
    let unit = tokens.next()?;
    if tokens.next().is_some() || !unit_symbol(unit) {
        return None;
    }
    let kind = match id {
        "T" | "TI" | "TA" => ReplyKind::Tare,
        "S" | "SI" | "SIR" | "SU" | "SUI" => ReplyKind::Weight,
        _ => return None,
    };
    // `TA A` reports the stored tare; it is a register, so it counts as stable.
    let stable = status != "D";
    Some(Reading::weight(
        kind,
        frame,
        value,
        Unit::from_symbol(unit),
        stable,
    ))
}

/// Formats a weight reply the way a balance does (10-character right-aligned field).
/// Used by round-trip tests and fuzz seeds; `None` if the reading is not a weight reply.
pub fn format_weight(r: &Reading) -> Option<String> {
    if r.overload {
        return Some("S +".into());
    }
    if r.underload {
        return Some("S -".into());
    }
    let status = if r.stable { "S" } else { "D" };
    let field = right_aligned(&r.value?.to_string(), 10);
    Some(format!("S {status} {field} {}", r.unit.as_ref()?.symbol()))
}
