//! What a weigh-out takes in and gives back: the tolerance, the reading, where the portion's id comes
//! from, and the outcomes with their next steps and sounds.

use super::verdict::SoundKey;
use crate::domain::{PackageStatus, Quantity, Uid};
use crate::ports::ScaleReading;
use serde::Serialize;

/// How far a net weight may sit from its target: `divisions` × the scale's verification division `e`
/// (judge in `e`, not the display's `d`). The jurisdiction profile chooses `divisions`; 1 by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tolerance {
    pub e_mg: i64,
    pub divisions: i64,
}

impl Tolerance {
    /// ±1 e, the default.
    pub fn one_e(e_mg: i64) -> Self {
        Tolerance { e_mg, divisions: 1 }
    }

    pub fn allowed_mg(self) -> i64 {
        self.e_mg.saturating_mul(self.divisions).max(0)
    }
}

/// A weighing as the station read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeighInput {
    /// The scale's net reading after the container was tared.
    pub reading: ScaleReading,
    /// The container's weight as tared.
    pub tare_mg: i64,
    /// The scale's serial number, kept with the weighing.
    pub scale_id: String,
    pub tolerance: Tolerance,
    /// Readings older than this (or this far in the future) are stale.
    pub max_age: chrono::Duration,
}

/// Where the new portion's package id comes from. The state system's reply to a split cannot be
/// awaited inside a scan, so the id is known before the split is queued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PortionUid {
    /// The next free id of the state system's pre-assigned pool, taken in the weigh-out's transaction;
    /// the split is submitted with it.
    FromPool,
    /// A local placeholder the caller chose; the state system mints the real id when the split syncs
    /// and the label must then be reprinted.
    Provisional(Uid),
}

/// Why a weight was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum WeighRefusal {
    NoBulkScanned,
    Unstable,
    Stale {
        age_ms: i64,
        max_ms: i64,
    },
    OutOfTolerance {
        net: Quantity,
        target: Quantity,
        tolerance: Quantity,
    },
    NotEnoughInBulk {
        left: Quantity,
        net: Quantity,
    },
    BulkNotActive {
        status: PackageStatus,
    },
    PortionUidTaken {
        uid: Uid,
    },
    NoPortionUid {
        why: String,
    },
}

impl WeighRefusal {
    pub fn next_step(&self) -> String {
        match self {
            WeighRefusal::NoBulkScanned => "Scan the bulk package for this line first.".into(),
            WeighRefusal::Unstable => {
                "The reading is still moving: keep the scale still and wait for it to settle."
                    .into()
            }
            WeighRefusal::Stale { .. } => "That reading is too old: read the scale again.".into(),
            WeighRefusal::OutOfTolerance {
                net,
                target,
                tolerance,
            } => {
                if net.amount < target.amount {
                    format!(
                        "{net} is under {target} by more than {tolerance}: add a little and read again."
                    )
                } else {
                    format!(
                        "{net} is over {target} by more than {tolerance}: take a little out and read again."
                    )
                }
            }
            WeighRefusal::NotEnoughInBulk { left, .. } => {
                format!("Only {left} is left in this bulk package: scan another bulk package.")
            }
            WeighRefusal::BulkNotActive { status } => {
                format!("The bulk package is now {status}: scan another bulk package.")
            }
            WeighRefusal::PortionUidTaken { uid } => {
                format!("Package id {uid} is already in use: choose another id for the portion.")
            }
            WeighRefusal::NoPortionUid { why } => why.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum WeighOutcome {
    /// The portion exists; print its label and scan it back.
    Recorded {
        line_no: i64,
        portion_uid: Uid,
        net: Quantity,
        provisional: bool,
    },
    Refused(WeighRefusal),
}

impl WeighOutcome {
    pub fn sound(&self) -> SoundKey {
        match self {
            WeighOutcome::Recorded { .. } => SoundKey::WeightAccepted,
            WeighOutcome::Refused(_) => SoundKey::WeightRefused,
        }
    }

    pub fn next_step(&self) -> String {
        match self {
            WeighOutcome::Recorded { portion_uid, .. } => {
                format!("Print the label for {portion_uid}, stick it on, and scan it.")
            }
            WeighOutcome::Refused(r) => r.next_step(),
        }
    }
}

/// The scan of a freshly printed portion label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum LabelCheck {
    Matches {
        uid: Uid,
    },
    /// The label is void: reprint it.
    Mismatch {
        expected: Uid,
        got: String,
    },
}

impl LabelCheck {
    pub fn sound(&self) -> SoundKey {
        match self {
            LabelCheck::Matches { .. } => SoundKey::LabelMatches,
            LabelCheck::Mismatch { .. } => SoundKey::LabelMismatch,
        }
    }

    pub fn next_step(&self) -> String {
        match self {
            LabelCheck::Matches { .. } => "Label confirmed: the line is done.".into(),
            LabelCheck::Mismatch { expected, .. } => {
                format!(
                    "That label does not read {expected}: throw it away, reprint, and scan the new one."
                )
            }
        }
    }
}

impl WeighRefusal {
    /// Stable name, kept in the scan log.
    pub(crate) fn key(&self) -> &'static str {
        match self {
            Self::NoBulkScanned => "no_bulk_scanned",
            Self::Unstable => "unstable",
            Self::Stale { .. } => "stale",
            Self::OutOfTolerance { .. } => "out_of_tolerance",
            Self::NotEnoughInBulk { .. } => "not_enough_in_bulk",
            Self::BulkNotActive { .. } => "bulk_not_active",
            Self::PortionUidTaken { .. } => "portion_uid_taken",
            Self::NoPortionUid { .. } => "no_portion_uid",
        }
    }
}
