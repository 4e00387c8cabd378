//! The station scale as the workflow uses it: `engine.devices().scale()` gives a [`StationScale`]
//! whose readings carry the core `ScaleReading` plus what a legal weighing records with it (the
//! connected scale's serial number, e and d, gross/tare/net).

use rust_decimal::Decimal;
use serde::Serialize;
use std::sync::{Arc, Mutex};
use vaultpick_core::ports::ScaleReading;
use vaultpick_devices::driver::{DriverError, TimedReading};
use vaultpick_devices::supervisor::ScaleHandle;
use vaultpick_devices::weigh::ScaleProfile;

/// One reading from the station scale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeightReading {
    /// Net milligrams, stability, time and raw line: what `Workflow::weigh_out` takes.
    /// `None` when the scale showed no weight (overload, underload, error).
    pub reading: Option<ScaleReading>,
    /// The full decoded reading (exact grams, overload/underload, error, raw line).
    pub timed: TimedReading,
    /// The tare taken through this app since the last zero, if any (grams, exact).
    pub tare_g: Option<Decimal>,
    /// Serial number the connected scale reported (`None` if it cannot say).
    pub scale_serial: Option<String>,
    /// The registered scale: e, d, serial on the plate, calibration due date.
    pub profile: ScaleProfile,
}

impl WeightReading {
    /// Net grams as shown (exact decimal: 3.50 stays 3.50).
    pub fn net_g(&self) -> Option<Decimal> {
        self.timed.reading.grams
    }

    /// The tare in whole milligrams (0 when none was taken), for `WeighInput::tare_mg`.
    pub fn tare_mg(&self) -> i64 {
        mg(self.tare_g.unwrap_or(Decimal::ZERO)).unwrap_or(0)
    }

    /// The scale's verification interval e in milligrams, for `Tolerance::one_e`.
    pub fn e_mg(&self) -> Option<i64> {
        mg(self.profile.e_g)
    }

    /// Gross = net + tare, when a tare is known.
    pub fn gross_g(&self) -> Option<Decimal> {
        Some(self.net_g()? + self.tare_g.unwrap_or(Decimal::ZERO))
    }
}

fn mg(g: Decimal) -> Option<i64> {
    let mg = g.checked_mul(Decimal::from(1000))?;
    mg.fract()
        .is_zero()
        .then(|| i64::try_from(mg).ok())
        .flatten()
}

/// What the live weight display shows (the wire form of [`WeightReading`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct WeightView {
    /// Net grams as exact decimal text, `None` when the scale shows no weight.
    pub net_g: Option<String>,
    pub gross_g: Option<String>,
    pub tare_g: Option<String>,
    pub net_mg: Option<i64>,
    pub stable: bool,
    pub overload: bool,
    pub underload: bool,
    /// The scale's own error, in words.
    pub error: Option<String>,
    pub raw: String,
    pub at: chrono::DateTime<chrono::Utc>,
    pub scale_serial: Option<String>,
    pub e_g: String,
    pub d_g: String,
}

impl From<&WeightReading> for WeightView {
    fn from(w: &WeightReading) -> Self {
        let r = &w.timed.reading;
        WeightView {
            net_g: w.net_g().map(|g| g.to_string()),
            gross_g: w.tare_g.and(w.gross_g()).map(|g| g.to_string()),
            tare_g: w.tare_g.map(|g| g.to_string()),
            net_mg: r.milligrams(),
            stable: r.stable,
            overload: r.overload,
            underload: r.underload,
            error: r.error.as_ref().map(ToString::to_string),
            raw: r.raw.clone(),
            at: w.timed.at,
            scale_serial: w.scale_serial.clone(),
            e_g: w.profile.e_g.to_string(),
            d_g: w.profile.d_g.to_string(),
        }
    }
}

/// A scale request that failed, in words for the technician.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScaleUseError {
    #[error("no scale is set up: open Device settings")]
    NotConfigured,
    #[error("{0}")]
    Driver(#[from] DriverError),
}

/// The configured scale. Cheap to clone.
#[derive(Clone)]
pub struct StationScale {
    handle: ScaleHandle,
    profile: ScaleProfile,
    tare_g: Arc<Mutex<Option<Decimal>>>,
}

impl StationScale {
    pub fn new(handle: ScaleHandle, profile: ScaleProfile) -> StationScale {
        StationScale {
            handle,
            profile,
            tare_g: Arc::default(),
        }
    }

    pub fn handle(&self) -> &ScaleHandle {
        &self.handle
    }

    /// The display's readability d in whole milligrams: a package label prints the weight to it.
    pub fn d_mg(&self) -> Option<i64> {
        mg(self.profile.d_g)
    }

    fn tare(&self) -> Option<Decimal> {
        *self.tare_g.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn set_tare(&self, g: Option<Decimal>) {
        *self.tare_g.lock().unwrap_or_else(|p| p.into_inner()) = g;
    }

    fn wrap(&self, timed: TimedReading) -> WeightReading {
        let reading = timed.reading.milligrams().map(|net_mg| ScaleReading {
            net_mg,
            stable: timed.reading.stable,
            at: timed.at,
            raw: timed.reading.raw.clone(),
        });
        WeightReading {
            reading,
            timed,
            tare_g: self.tare(),
            scale_serial: self.handle.serial_number(),
            profile: self.profile.clone(),
        }
    }

    /// Waits (up to the driver's stable timeout) for a stable reading: the only kind a weighing accepts.
    pub async fn stable_weight(&self) -> Result<WeightReading, ScaleUseError> {
        Ok(self.wrap(self.handle.stable_weight().await?))
    }

    /// Whatever the scale shows now, stable or not (the live display).
    pub async fn current_weight(&self) -> Result<WeightReading, ScaleUseError> {
        Ok(self.wrap(self.handle.current_weight().await?))
    }

    pub async fn zero(&self) -> Result<(), ScaleUseError> {
        self.handle.zero().await?;
        self.set_tare(None);
        Ok(())
    }

    /// Tares with what is on the pan; the tare in grams when the scale reports it.
    pub async fn tare_now(&self) -> Result<Option<Decimal>, ScaleUseError> {
        let tare = self.handle.tare().await?.and_then(|r| r.grams);
        self.set_tare(tare);
        Ok(tare)
    }

    pub async fn clear_tare(&self) -> Result<(), ScaleUseError> {
        self.handle.clear_tare().await?;
        self.set_tare(None);
        Ok(())
    }
}
