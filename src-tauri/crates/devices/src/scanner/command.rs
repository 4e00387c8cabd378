//! Command barcodes: printed on a laminated card at the station so a technician can drive the
//! workflow without touching the screen. Scheme: `CMD:<VERB>`, uppercase ASCII (lowercase accepted),
//! nothing else on the line. The verbs are listed in README.md; an unknown verb is not a command.

use serde::Serialize;

pub const PREFIX: &str = "CMD:";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScanCommand {
    /// Confirm the current step (accept the weight, accept the line).
    Confirm,
    /// Go to the next line or order.
    Next,
    /// Pause the current order (it keeps its place in the queue).
    Pause,
    /// Resume a paused order.
    Resume,
    /// Cancel the current step (asks for confirmation in the UI).
    Cancel,
    /// Print the last label again.
    Reprint,
    /// Zero the scale.
    Zero,
    /// Tare the scale (container on the pan).
    Tare,
}

impl ScanCommand {
    pub const ALL: [ScanCommand; 8] = [
        ScanCommand::Confirm,
        ScanCommand::Next,
        ScanCommand::Pause,
        ScanCommand::Resume,
        ScanCommand::Cancel,
        ScanCommand::Reprint,
        ScanCommand::Zero,
        ScanCommand::Tare,
    ];

    pub fn verb(self) -> &'static str {
        match self {
            ScanCommand::Confirm => "CONFIRM",
            ScanCommand::Next => "NEXT",
            ScanCommand::Pause => "PAUSE",
            ScanCommand::Resume => "RESUME",
            ScanCommand::Cancel => "CANCEL",
            ScanCommand::Reprint => "REPRINT",
            ScanCommand::Zero => "ZERO",
            ScanCommand::Tare => "TARE",
        }
    }

    /// The text to encode in the barcode (Code 128 or QR).
    pub fn barcode_text(self) -> String {
        format!("{PREFIX}{}", self.verb())
    }

    pub fn parse(text: &str) -> Option<ScanCommand> {
        let prefix = text.get(..PREFIX.len())?;
        if !prefix.eq_ignore_ascii_case(PREFIX) {
            return None;
        }
        let verb = &text[PREFIX.len()..];
        ScanCommand::ALL
            .into_iter()
            .find(|c| c.verb().eq_ignore_ascii_case(verb))
    }
}
