//! A barcode scanner: serial, USB-CDC or keyboard wedge, all delivering the same scans.

use chrono::{DateTime, Utc};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawScan {
    /// The decoded text, without prefix/suffix framing.
    pub text: String,
    /// AIM symbology identifier such as `]C1`, if the scanner sends one.
    pub symbology: Option<String>,
    pub at: DateTime<Utc>,
}

pub trait Scanner: Send {
    /// Waits for the next scan; `None` once the scanner is gone for good.
    fn next_scan(&mut self) -> impl std::future::Future<Output = Option<RawScan>> + Send;
}
