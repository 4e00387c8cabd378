//! The command cheat sheet: every `CMD:<VERB>` barcode decodes to exactly its text at 203 and 300 dpi,
//! many commands spill onto a second page instead of shrinking, and a label stock is refused.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use vaultpick_labels::{CommandCode, Dpi, render_command_sheet};

fn commands(n: usize) -> Vec<CommandCode> {
    [
        "CONFIRM", "NEXT", "PAUSE", "RESUME", "CANCEL", "REPRINT", "ZERO", "TARE",
    ]
    .iter()
    .cycle()
    .take(n)
    .map(|v| CommandCode {
        payload: format!("CMD:{v}"),
        meaning: format!("{v}: what it does at the station"),
    })
    .collect()
}

#[test]
fn every_command_barcode_decodes_to_its_text() {
    let dir = tempfile::tempdir().unwrap();
    let want = commands(8);
    for dpi in [Dpi::D203, Dpi::D300] {
        let sheet =
            render_command_sheet("VaultPick station commands", &want, "letter", dpi).unwrap();
        assert_eq!(sheet.barcodes.len(), 8);
        let mut decoded: Vec<String> = Vec::new();
        let name = format!("sheet{}", dpi.dots_per_inch());
        for png in rasterise(&sheet.pdf, dpi.dots_per_inch(), dir.path(), &name) {
            decoded.extend(decode(&png).into_iter().map(|(_, data)| data));
        }
        decoded.sort();
        let mut expected: Vec<String> = want.iter().map(|c| c.payload.clone()).collect();
        expected.sort();
        assert_eq!(decoded, expected, "at {} dpi", dpi.dots_per_inch());
    }
}

#[test]
fn a_long_sheet_takes_more_pages_and_labels_are_refused() {
    let sheet = render_command_sheet("Commands", &commands(24), "a4", Dpi::D203).unwrap();
    assert!(sheet.pages >= 2, "{} pages", sheet.pages);
    assert_eq!(sheet.barcodes.len(), 24);
    let refused = render_command_sheet("Commands", &commands(2), "4x2", Dpi::D203).unwrap_err();
    assert_eq!(refused.code(), "stock-not-suitable");
    let empty = render_command_sheet("Commands", &[], "letter", Dpi::D203).unwrap_err();
    assert_eq!(empty.code(), "missing-field");
}
