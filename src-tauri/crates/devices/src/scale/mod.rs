//! Scale protocols as pure codecs: bytes in, [`Reading`]s out; commands out as bytes.
//! No I/O here, so every path can be fuzzed and property-tested.

pub mod and;
mod decoder;
pub mod mtsics;
pub mod ohaus;
mod reading;
mod text;
mod units;

pub use decoder::{Decoder, MAX_LINE};
pub use reading::{Fault, Reading, ReplyKind};
pub use units::{Unit, grams_to_mg};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Protocol {
    /// Mettler Toledo MT-SICS (also KERN KCP, OHAUS 7000-series indicators).
    MtSics,
    /// A&D standard format.
    And,
    /// OHAUS native commands (Scout, Explorer, Navigator, ...).
    Ohaus,
}

impl Protocol {
    pub const ALL: [Protocol; 3] = [Protocol::MtSics, Protocol::And, Protocol::Ohaus];

    pub fn name(self) -> &'static str {
        match self {
            Protocol::MtSics => "mt-sics",
            Protocol::And => "and",
            Protocol::Ohaus => "ohaus",
        }
    }

    /// The bytes to send for `cmd`, terminator included; `None` if the protocol has no such command.
    pub fn encode(self, cmd: &Command) -> Option<Vec<u8>> {
        match self {
            Protocol::MtSics => mtsics::encode(cmd),
            Protocol::And => and::encode(cmd),
            Protocol::Ohaus => ohaus::encode(cmd),
        }
    }

    /// Parses one frame (printable ASCII, terminator removed). `None` if it is not a valid frame.
    pub(crate) fn parse(self, frame: &str) -> Option<Reading> {
        match self {
            Protocol::MtSics => mtsics::parse(frame),
            Protocol::And => and::parse(frame),
            Protocol::Ohaus => ohaus::parse(frame),
        }
    }

    /// Formats a weight reading as this protocol's scale would send it (no terminator).
    pub fn format_weight(self, r: &Reading) -> Option<String> {
        match self {
            Protocol::MtSics => mtsics::format_weight(r),
            Protocol::And => and::format_weight(r),
            Protocol::Ohaus => ohaus::format_weight(r),
        }
    }
}

impl std::fmt::Display for Protocol {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Protocol {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "mt-sics" | "mtsics" | "mt" | "sics" => Ok(Protocol::MtSics),
            "and" | "a&d" | "a-and-d" => Ok(Protocol::And),
            "ohaus" => Ok(Protocol::Ohaus),
            other => Err(format!(
                "unknown scale protocol {other:?} (use mt-sics, and or ohaus)"
            )),
        }
    }
}

/// What we can ask of a scale, independent of the dialect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// A weight only once stable (MT `S`, A&D `S`, OHAUS `SP`).
    StableWeight,
    /// The weight now, stable or not (MT `SI`, A&D `Q`, OHAUS `IP`).
    CurrentWeight,
    /// Continuous output (MT `SIR`, A&D `SIR`, OHAUS `CP`).
    StreamWeight,
    StopStream,
    Zero,
    Tare,
    QueryTare,
    ClearTare,
    PresetTare {
        value: Decimal,
        unit: Unit,
    },
    /// The serial number (MT `I4`, A&D `?SN`, OHAUS `PSN`).
    Identity,
    /// Cancel whatever is pending (MT `@`, A&D `C`).
    Reset,
}
