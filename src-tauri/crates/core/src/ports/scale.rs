//! A weighing scale, already decoded into a normalised reading.

use chrono::{DateTime, Utc};
use std::future::Future;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScaleReading {
    /// Net weight in milligrams (exact: decoded from the scale's decimal text, never via floats).
    pub net_mg: i64,
    pub stable: bool,
    pub at: DateTime<Utc>,
    /// The line as the scale sent it, kept with the pick as evidence.
    pub raw: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScaleError {
    #[error("the scale is not connected")]
    Disconnected,
    #[error("the scale did not answer in time")]
    Timeout,
    #[error("the scale reports: {0}")]
    Device(String),
}

pub trait Scale: Send + Sync {
    fn stable_weight(&self) -> impl Future<Output = Result<ScaleReading, ScaleError>> + Send;
    fn zero(&self) -> impl Future<Output = Result<(), ScaleError>> + Send;
    fn tare(&self) -> impl Future<Output = Result<(), ScaleError>> + Send;
}
