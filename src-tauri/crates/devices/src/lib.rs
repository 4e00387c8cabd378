//! VaultPick devices: scale protocol codecs, scanner framing and GS1 parsing, serial drivers over any
//! async byte stream, and a supervisor that keeps configured ports open and reports their health.
//! See README.md for the CLI and the command-barcode scheme.

pub mod driver;
pub mod scale;
pub mod scanner;
pub mod serial;
pub mod supervisor;
pub mod weigh;
