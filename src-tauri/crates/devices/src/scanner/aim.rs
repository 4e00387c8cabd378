//! AIM symbology identifiers: `]` + symbology letter + modifier, sent before the data when the
//! scanner is set to transmit them (hardware.md §2.2).

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Symbology {
    /// The identifier as sent, e.g. `]C1`.
    pub aim: String,
    /// A readable name, e.g. `GS1-128`.
    pub name: String,
    /// True when the identifier says the data is a GS1 element string (FNC1 in first position).
    pub gs1: bool,
}

/// Splits a leading AIM identifier off `text`.
pub fn split(text: &str) -> (Option<Symbology>, &str) {
    let b = text.as_bytes();
    if b.len() >= 3 && b[0] == b']' && b[1].is_ascii_alphabetic() && b[2].is_ascii_alphanumeric() {
        let aim = &text[..3];
        let (name, gs1) = describe(b[1], b[2]);
        (
            Some(Symbology {
                aim: aim.to_string(),
                name: name.to_string(),
                gs1,
            }),
            &text[3..],
        )
    } else {
        (None, text)
    }
}

fn describe(symbology: u8, modifier: u8) -> (&'static str, bool) {
    match (symbology, modifier) {
        (b'C', b'1') => ("GS1-128", true),
        (b'C', _) => ("Code 128", false),
        (b'd', b'2') => ("GS1 DataMatrix", true),
        (b'd', _) => ("Data Matrix", false),
        (b'Q', b'3') => ("GS1 QR Code", true),
        (b'Q', _) => ("QR Code", false),
        (b'e', _) => ("GS1 DataBar", true),
        (b'E', b'4') => ("EAN-8", false),
        (b'E', _) => ("EAN-13 / UPC-A", false),
        (b'I', _) => ("Interleaved 2 of 5", false),
        (b'A', _) => ("Code 39", false),
        (b'G', _) => ("Code 93", false),
        (b'L', _) => ("PDF417", false),
        (b'z', _) => ("Aztec", false),
        _ => ("other", false),
    }
}
