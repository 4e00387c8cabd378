//! VaultPick engine.
//!
//! Everything a technician's shift depends on lives here, free of Tauri, HTTP, serial and PDF crates:
//! the domain model, the SQLite store, the order queue, the use cases, and the ports through which
//! adapters (BioTrack, POS, scale, scanner, printer, keyring, clock) plug in.

pub mod clock;
pub mod demo;
pub mod domain;
pub mod error;
pub mod outbox;
pub mod ports;
pub mod pos_sync;
pub mod queue;
pub mod signin;
pub mod status;
pub mod store;
pub mod trace_sync;
pub mod workflow;

pub use clock::{Clock, ManualClock, SystemClock};
pub use error::{CoreError, CoreResult};
pub use store::Store;
