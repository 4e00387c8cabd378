//! Track-and-trace adapters. BioTrack v1 first: [`BioTrackClient`] speaks `serverjson.asp`
//! (API "4.0") and implements [`vaultpick_core::ports::TraceSystem`].
//!
//! Error kinds: `Transient` (nothing applied, resend later), `Ambiguous` (timeout, cut connection,
//! 5xx, unreadable 200 on a write: read back with `find_applied` before resending), `Rejected`
//! (BioTrack's business error text and code), `Unauthorized` (bad login, missing privilege 62).
//! An expired session (63) is handled here: log in again and send the refused call once more.

mod actions;
mod client;
mod decode;
mod port;
mod records;
mod settings;

pub use actions::SaleLine;
pub use client::BioTrackClient;
pub use records::{
    AdjustRecord, InventoryRecord, PreassignRecord, QaResult, RoomRecord, SaleRecord, SyncSummary,
    TxWindow,
};
pub use settings::{
    BioTrackSettings, Credentials, RoomIds, STATE_PRESETS, StatePreset, state_preset,
};
