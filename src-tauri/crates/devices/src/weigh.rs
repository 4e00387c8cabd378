//! Legal-for-trade acceptance of a weighing: judged in `e` (verification interval), recorded to `d`
//! (display division), only from a stable, fresh reading of a scale whose calibration is not overdue.

use crate::driver::TimedReading;
use crate::scale::Fault;
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};

/// One scale as registered at the station (from its ID plate and the last calibration certificate).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScaleProfile {
    /// Serial number as the scale reports it (MT `I4`); a different scale on the port is refused.
    pub serial: Option<String>,
    /// Verification interval `e`, in grams (e.g. 0.01 or 0.1).
    pub e_g: Decimal,
    /// Display division `d`, in grams.
    pub d_g: Decimal,
    /// Accuracy class as on the plate (`II`, `III`).
    pub class: Option<String>,
    /// NTEP certificate of conformance number.
    pub coc: Option<String>,
    /// Weighing is locked after this day.
    pub calibration_due: Option<NaiveDate>,
}

/// Tolerance rules per jurisdiction. The default accepts a target within ±1 e.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jurisdiction {
    pub name: String,
    /// Accepted deviation from the target, in multiples of `e`.
    pub tolerance_e: Decimal,
    /// Below this many `d` a net weight is refused (HB 44 recommends 20 d for Class II). 0 = off.
    pub min_load_d: Decimal,
    /// A reading older than this is stale.
    pub max_age: Duration,
}

impl Default for Jurisdiction {
    fn default() -> Self {
        Jurisdiction {
            name: "default".into(),
            tolerance_e: Decimal::ONE,
            min_load_d: Decimal::new(20, 0),
            max_age: Duration::from_secs(3),
        }
    }
}

/// What is kept with the pick as evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AcceptedWeighing {
    pub net_g: Decimal,
    pub tare_g: Option<Decimal>,
    pub gross_g: Option<Decimal>,
    pub target_g: Decimal,
    pub deviation_g: Decimal,
    pub tolerance_g: Decimal,
    pub scale_serial: Option<String>,
    pub raw: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Refusal {
    #[error(
        "the scale's calibration was due on {due}; weighing is locked until it is recalibrated"
    )]
    CalibrationOverdue { due: NaiveDate },
    #[error("this is scale {found}, but the station is registered to scale {expected}")]
    WrongScale { expected: String, found: String },
    #[error("the reading is not stable")]
    Unstable,
    #[error("the reading is {age_ms} ms old; weigh again")]
    Stale { age_ms: u128 },
    #[error("overload")]
    Overload,
    #[error("underload")]
    Underload,
    #[error("{0}")]
    ScaleFault(Fault),
    #[error("the reply carries no weight in grams: {raw:?}")]
    NoWeight { raw: String },
    #[error("{net_g} g is below the minimum load of {min_g} g for this scale")]
    BelowMinimumLoad { net_g: Decimal, min_g: Decimal },
    #[error("{net_g} g is outside {target_g} g ± {tolerance_g} g")]
    OutOfTolerance {
        net_g: Decimal,
        target_g: Decimal,
        tolerance_g: Decimal,
    },
}

/// The request to accept one weighing.
#[derive(Debug, Clone)]
pub struct WeighIn<'a> {
    pub profile: &'a ScaleProfile,
    pub rules: &'a Jurisdiction,
    /// What the pick asks for, in grams (net).
    pub target_g: Decimal,
    /// The tare on the scale for this pick, if known (recorded as evidence; the reading is net).
    pub tare_g: Option<Decimal>,
    /// The serial number the scale reported when it connected.
    pub connected_serial: Option<&'a str>,
}

impl WeighIn<'_> {
    /// Accepts `reading` or says why not. `today` and `now` come from the caller's clock.
    pub fn judge(
        &self,
        reading: &TimedReading,
        today: NaiveDate,
        now: Instant,
    ) -> Result<AcceptedWeighing, Refusal> {
        if let Some(due) = self.profile.calibration_due
            && today > due
        {
            return Err(Refusal::CalibrationOverdue { due });
        }
        if let (Some(expected), Some(found)) = (&self.profile.serial, self.connected_serial)
            && expected != found
        {
            return Err(Refusal::WrongScale {
                expected: expected.clone(),
                found: found.to_string(),
            });
        }
        let r = &reading.reading;
        if let Some(f) = &r.error {
            return Err(Refusal::ScaleFault(f.clone()));
        }
        if r.overload {
            return Err(Refusal::Overload);
        }
        if r.underload {
            return Err(Refusal::Underload);
        }
        if !r.stable {
            return Err(Refusal::Unstable);
        }
        let age = now.saturating_duration_since(reading.received);
        if age > self.rules.max_age {
            return Err(Refusal::Stale {
                age_ms: age.as_millis(),
            });
        }
        let net_g = r
            .grams
            .ok_or_else(|| Refusal::NoWeight { raw: r.raw.clone() })?;
        let min_g = self.rules.min_load_d * self.profile.d_g;
        if net_g < min_g {
            return Err(Refusal::BelowMinimumLoad { net_g, min_g });
        }
        let tolerance_g = self.rules.tolerance_e * self.profile.e_g;
        let deviation_g = net_g - self.target_g;
        if deviation_g.abs() > tolerance_g {
            return Err(Refusal::OutOfTolerance {
                net_g,
                target_g: self.target_g,
                tolerance_g,
            });
        }
        Ok(AcceptedWeighing {
            net_g,
            tare_g: self.tare_g,
            gross_g: self.tare_g.map(|t| t + net_g),
            target_g: self.target_g,
            deviation_g,
            tolerance_g,
            scale_serial: self.connected_serial.map(str::to_string),
            raw: r.raw.clone(),
            at: reading.at,
        })
    }
}
