//! Barcode scanners: framing, AIM ids, GS1, classification, and the shared intake.

pub mod aim;
mod classify;
pub mod command;
mod framing;
pub mod gs1;
mod intake;

pub use classify::{ClassifiedScan, ScanKind, classify};
pub use command::ScanCommand;
pub use framing::{Framing, MAX_SCAN, ScanFramer, Suffix};
pub use intake::{IntakeConfig, IntakeScanner, Scan, ScanIntake, ScanSource};
