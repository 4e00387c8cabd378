//! The normalised reading every protocol decodes into, and the faults a scale can report.

use super::units::{Unit, grams_to_mg};
use rust_decimal::Decimal;
use serde::Serialize;

/// What a decoded line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReplyKind {
    /// A weight (stable or not), or an overload/underload report in place of one.
    Weight,
    /// The tare register's value (MT-SICS `T S …`, `TA A …`).
    Tare,
    /// A command was carried out (MT `Z A`, A&D `<AK>`, OHAUS `OK!`).
    Ack,
    /// The scale's serial number (MT `I4 A "…"`, A&D `SN,…`).
    Identity,
    /// Other informational text (model, firmware, command list).
    Info,
    /// The scale refused or failed the command; see `error`.
    Error,
    /// A line that is none of the above (garbage, an unknown dialect). Kept for diagnostics only.
    Unrecognised,
}

/// A fault the scale reported, in words a technician can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "fault", content = "detail", rename_all = "snake_case")]
pub enum Fault {
    #[error("the scale did not understand the command (check the protocol setting)")]
    Syntax,
    #[error("the scale saw a transmission error (check baud rate, parity and data bits)")]
    Transmission,
    #[error("the scale understood the command but cannot carry it out now")]
    Logical,
    #[error("the scale is busy or could not reach a stable reading in time")]
    NotExecutable,
    #[error("the weight is not stable (remove drafts and vibration, then try again)")]
    Unstable,
    #[error("the weight is outside the range this command accepts")]
    OutOfRange,
    #[error("the scale reports error {0}")]
    Device(String),
}

/// One decoded line from a scale. Values are exact decimals as the scale printed them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reading {
    pub kind: ReplyKind,
    /// The command the line answers where the protocol says (MT-SICS id `S`, `Z`, `T`, `I4`; A&D header).
    pub reply_to: Option<String>,
    /// The number as shown, in `unit`.
    pub value: Option<Decimal>,
    pub unit: Option<Unit>,
    /// `value` converted to grams (exact); `None` for counts and unknown units.
    pub grams: Option<Decimal>,
    pub stable: bool,
    pub overload: bool,
    pub underload: bool,
    pub error: Option<Fault>,
    /// Identity or info text (serial number, model).
    pub text: Option<String>,
    /// The frame exactly as received (without the line terminator and any garbage before it).
    pub raw: String,
}

impl Reading {
    pub(crate) fn new(kind: ReplyKind, raw: &str) -> Reading {
        Reading {
            kind,
            reply_to: None,
            value: None,
            unit: None,
            grams: None,
            stable: false,
            overload: false,
            underload: false,
            error: None,
            text: None,
            raw: raw.to_string(),
        }
    }

    pub(crate) fn weight(
        kind: ReplyKind,
        raw: &str,
        value: Decimal,
        unit: Unit,
        stable: bool,
    ) -> Reading {
        let grams = unit.to_grams(value);
        Reading {
            value: Some(value),
            grams,
            unit: Some(unit),
            stable,
            ..Reading::new(kind, raw)
        }
    }

    /// The stand-in for an acknowledgement the scale does not send (`expect_ack` off).
    pub(crate) fn ack_placeholder() -> Reading {
        Reading::new(ReplyKind::Ack, "")
    }

    pub(crate) fn fault(raw: &str, fault: Fault) -> Reading {
        Reading {
            error: Some(fault),
            ..Reading::new(ReplyKind::Error, raw)
        }
    }

    pub(crate) fn replying_to(mut self, id: &str) -> Reading {
        self.reply_to = Some(id.to_string());
        self
    }

    /// A weight that can be committed: stable, in range, no error, convertible to grams.
    pub fn is_committable_weight(&self) -> bool {
        self.kind == ReplyKind::Weight
            && self.stable
            && !self.overload
            && !self.underload
            && self.error.is_none()
            && self.grams.is_some()
    }

    /// Whole milligrams (for the core's `ScaleReading`), if this reading has a weight in grams.
    pub fn milligrams(&self) -> Option<i64> {
        grams_to_mg(self.grams?)
    }
}
