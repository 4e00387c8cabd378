//! What each command barcode (the devices crate's `ScanCommand`, `CMD:<VERB>`,
//! src-tauri/crates/devices/README.md) does on this app's workflow screens, for the printed cheat
//! sheet. The UI (ui/src/lib/flow/commands.ts) maps the same verbs to its actions.

use vaultpick_devices::scanner::ScanCommand;
use vaultpick_labels::CommandCode;

/// What the command does here, in the technician's words.
fn meaning(command: ScanCommand) -> &'static str {
    match command {
        ScanCommand::Confirm => {
            "claim the selected order, seal check OK, accept weight, report a discrepancy, commit"
        }
        ScanCommand::Next => "next line or next queued order",
        ScanCommand::Pause => "pause this order (picks stay reserved)",
        ScanCommand::Resume => "resume the paused order",
        ScanCommand::Cancel => "seal check failed / go back / cancel (asks first)",
        ScanCommand::Reprint => "print the last label again",
        ScanCommand::Zero => "zero the scale",
        ScanCommand::Tare => "tare the scale with the empty container on",
    }
}

/// Every command barcode with its meaning, in the devices crate's order.
pub fn command_codes() -> Vec<CommandCode> {
    ScanCommand::ALL
        .into_iter()
        .map(|c| CommandCode {
            payload: c.barcode_text(),
            meaning: format!("{} - {}", c.verb(), meaning(c)),
        })
        .collect()
}
