//! What a scan came to, the next step in plain words, and the sound the station plays.
//!
//! Refusals are ordinary answers, not errors: the technician hears which kind of problem it is and
//! reads what to do, without a dialog to dismiss.

use crate::domain::{PackageStatus, QaStatus, Quantity, Uid};
use chrono::NaiveDate;
use serde::Serialize;

/// One sound per outcome, so a technician knows what happened without looking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum SoundKey {
    RightItem,
    BulkReady,
    SealCheck,
    SealRefused,
    WrongItem,
    Expired,
    Quarantined,
    QaNotPassed,
    NotActive,
    NotAvailableLocally,
    NotInStateSystem,
    Unknown,
    OverScan,
    DuplicateScan,
    WeightAccepted,
    WeightRefused,
    LabelMatches,
    LabelMismatch,
    VerifyMatch,
    VerifyExtra,
}

impl SoundKey {
    /// The file stem the UI plays (`sounds/<key>.ogg`).
    pub fn as_str(self) -> &'static str {
        match self {
            SoundKey::RightItem => "right_item",
            SoundKey::BulkReady => "bulk_ready",
            SoundKey::SealCheck => "seal_check",
            SoundKey::SealRefused => "seal_refused",
            SoundKey::WrongItem => "wrong_item",
            SoundKey::Expired => "expired",
            SoundKey::Quarantined => "quarantined",
            SoundKey::QaNotPassed => "qa_not_passed",
            SoundKey::NotActive => "not_active",
            SoundKey::NotAvailableLocally => "not_available_locally",
            SoundKey::NotInStateSystem => "not_in_state_system",
            SoundKey::Unknown => "unknown",
            SoundKey::OverScan => "over_scan",
            SoundKey::DuplicateScan => "duplicate_scan",
            SoundKey::WeightAccepted => "weight_accepted",
            SoundKey::WeightRefused => "weight_refused",
            SoundKey::LabelMatches => "label_matches",
            SoundKey::LabelMismatch => "label_mismatch",
            SoundKey::VerifyMatch => "verify_match",
            SoundKey::VerifyExtra => "verify_extra",
        }
    }
}

/// The answer to a package scan during picking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum ScanVerdict {
    /// The unit is in the bin for this line.
    Accepted {
        line_no: i64,
        uid: Uid,
        picked: Quantity,
        wanted: Quantity,
    },
    /// A bulk package for a weighed line: it is bound to the line; weigh out next.
    BulkReady {
        line_no: i64,
        uid: Uid,
        target: Quantity,
    },
    /// A sealed unit: the scan counts once the tamper and expiry check is confirmed.
    NeedsSealCheck {
        line_no: i64,
        uid: Uid,
        expires_on: Option<NaiveDate>,
    },
    /// The tamper or expiry check failed: the unit was not taken.
    SealRefused {
        uid: Uid,
    },
    WrongProduct {
        expected: String,
        got: String,
    },
    Expired {
        uid: Uid,
        expired_on: NaiveDate,
    },
    Quarantined {
        uid: Uid,
    },
    QaNotPassed {
        uid: Uid,
        qa: QaStatus,
    },
    NotActive {
        uid: Uid,
        status: PackageStatus,
    },
    /// Nothing left here that no other order holds.
    NotAvailableLocally {
        uid: Uid,
        free: i64,
    },
    /// The state system shows this package empty or does not know it.
    NotAvailableInStateSystem {
        uid: Uid,
        state_quantity: Option<i64>,
    },
    /// Not a package we know (or not a package label at all).
    Unknown {
        scanned: String,
    },
    /// The line already has all it needs.
    OverScan {
        line_no: i64,
        wanted: Quantity,
    },
    /// This package is already in the bin, every unit of it.
    DuplicateScan {
        uid: Uid,
    },
}

impl ScanVerdict {
    /// True when the scan moved the line forward.
    pub fn is_accepted(&self) -> bool {
        matches!(
            self,
            ScanVerdict::Accepted { .. } | ScanVerdict::BulkReady { .. }
        )
    }

    /// True when the scan was turned down (waiting for a seal check is not a refusal).
    pub fn is_refusal(&self) -> bool {
        !matches!(
            self,
            ScanVerdict::Accepted { .. }
                | ScanVerdict::BulkReady { .. }
                | ScanVerdict::NeedsSealCheck { .. }
        )
    }

    /// Stable name, kept in the scan log.
    pub fn key(&self) -> &'static str {
        self.sound().as_str()
    }

    pub fn sound(&self) -> SoundKey {
        match self {
            ScanVerdict::Accepted { .. } => SoundKey::RightItem,
            ScanVerdict::BulkReady { .. } => SoundKey::BulkReady,
            ScanVerdict::NeedsSealCheck { .. } => SoundKey::SealCheck,
            ScanVerdict::SealRefused { .. } => SoundKey::SealRefused,
            ScanVerdict::WrongProduct { .. } => SoundKey::WrongItem,
            ScanVerdict::Expired { .. } => SoundKey::Expired,
            ScanVerdict::Quarantined { .. } => SoundKey::Quarantined,
            ScanVerdict::QaNotPassed { .. } => SoundKey::QaNotPassed,
            ScanVerdict::NotActive { .. } => SoundKey::NotActive,
            ScanVerdict::NotAvailableLocally { .. } => SoundKey::NotAvailableLocally,
            ScanVerdict::NotAvailableInStateSystem { .. } => SoundKey::NotInStateSystem,
            ScanVerdict::Unknown { .. } => SoundKey::Unknown,
            ScanVerdict::OverScan { .. } => SoundKey::OverScan,
            ScanVerdict::DuplicateScan { .. } => SoundKey::DuplicateScan,
        }
    }

    /// What the technician should do now, in plain words.
    pub fn next_step(&self) -> String {
        match self {
            ScanVerdict::Accepted { picked, wanted, .. } if picked == wanted => {
                "Line complete: go to the next line.".into()
            }
            ScanVerdict::Accepted { picked, wanted, .. } => {
                format!("In the bin: {picked} of {wanted}. Scan the next unit.")
            }
            ScanVerdict::BulkReady { target, .. } => format!(
                "Place the empty container on the scale, tare, then fill to {target} and wait for a stable reading."
            ),
            ScanVerdict::NeedsSealCheck { expires_on, .. } => match expires_on {
                Some(d) => format!(
                    "Check the seal is intact and the expiry date reads {d}, then press CONFIRM."
                ),
                None => "Check the seal is intact, then press CONFIRM.".into(),
            },
            ScanVerdict::SealRefused { .. } => {
                "Do not use this unit: set it aside for the manager and take another package.".into()
            }
            ScanVerdict::WrongProduct { expected, got } => {
                format!("Wrong item: this is {got}, the line needs {expected}. Put it back and take the right product.")
            }
            ScanVerdict::Expired { expired_on, .. } => format!(
                "Expired on {expired_on}: do not sell it. Set it aside for the manager and take the suggested package."
            ),
            ScanVerdict::Quarantined { .. } => {
                "This package is quarantined: put it back in quarantine and take the suggested package.".into()
            }
            ScanVerdict::QaNotPassed { qa, .. } => format!(
                "Lab testing is {qa} for this package: it cannot be sold. Take the suggested package."
            ),
            ScanVerdict::NotActive { status, .. } => format!(
                "This package is {status}, not on sale: put it back and take the suggested package."
            ),
            ScanVerdict::NotAvailableLocally { .. } => {
                "Every unit of this package is held by other orders: take the suggested package.".into()
            }
            ScanVerdict::NotAvailableInStateSystem { .. } => {
                "The state system shows this package empty. Press QUARANTINE to hold it and tell the Inventory Manager; the order pauses.".into()
            }
            ScanVerdict::Unknown { .. } => {
                "Not a package label we know: scan the package's state UID label, not the maker's barcode.".into()
            }
            ScanVerdict::OverScan { wanted, .. } => {
                format!("This line already has {wanted}: put the extra unit back.")
            }
            ScanVerdict::DuplicateScan { .. } => {
                "Already in the bin: no need to scan it again.".into()
            }
        }
    }
}

/// The answer to a scan during verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum VerifyVerdict {
    /// An item of this order, counted.
    Matched { uid: Uid },
    /// A package that is not in this order (or more units of it than were picked).
    Extra { uid: Uid },
    /// Not a package we know; it does not count either way.
    Unknown { scanned: String },
}

impl VerifyVerdict {
    pub fn sound(&self) -> SoundKey {
        match self {
            VerifyVerdict::Matched { .. } => SoundKey::VerifyMatch,
            VerifyVerdict::Extra { .. } => SoundKey::VerifyExtra,
            VerifyVerdict::Unknown { .. } => SoundKey::Unknown,
        }
    }

    pub fn key(&self) -> &'static str {
        match self {
            VerifyVerdict::Matched { .. } => "matched",
            VerifyVerdict::Extra { .. } => "extra",
            VerifyVerdict::Unknown { .. } => "unknown",
        }
    }

    pub fn next_step(&self) -> String {
        match self {
            VerifyVerdict::Matched { .. } => "Counted. Scan the next item in the bin.".into(),
            VerifyVerdict::Extra { .. } => {
                "This item is not on the ticket: take it out of the bin, then restart verification."
                    .into()
            }
            VerifyVerdict::Unknown { .. } => {
                "Not a package label: scan the state UID label on the item.".into()
            }
        }
    }
}
