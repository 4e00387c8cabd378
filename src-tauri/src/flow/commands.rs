//! The command barcodes this app reacts to and what each does on the workflow screens. The verbs are
//! the devices crate's `ScanCommand` set (`CMD:<VERB>`, src-tauri/crates/devices/README.md); the UI
//! (ui/src/lib/flow/commands.ts) maps the same verbs to its actions.

use vaultpick_labels::CommandCode;

pub const COMMANDS: [(&str, &str); 8] = [
    (
        "CONFIRM",
        "CONFIRM - claim the selected order, seal check OK, accept weight, report a discrepancy, commit",
    ),
    ("NEXT", "NEXT - next line or next queued order"),
    ("PAUSE", "PAUSE - pause this order (picks stay reserved)"),
    ("RESUME", "RESUME - resume the paused order"),
    (
        "CANCEL",
        "CANCEL - seal check failed / go back / cancel (asks first)",
    ),
    ("REPRINT", "REPRINT - print the last label again"),
    ("ZERO", "ZERO - zero the scale"),
    ("TARE", "TARE - tare the scale with the empty container on"),
];

pub fn command_codes() -> Vec<CommandCode> {
    COMMANDS
        .iter()
        .map(|(verb, meaning)| CommandCode {
            payload: format!("CMD:{verb}"),
            meaning: (*meaning).to_owned(),
        })
        .collect()
}
