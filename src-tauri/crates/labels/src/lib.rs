//! vaultpick-labels: label specs → PDF bytes.
//!
//! * Templates: package label, exit-bag label, pick ticket (`spec`).
//! * Jurisdiction profiles and stocks are TOML data embedded in the binary (`catalog`).
//! * Barcodes: Code 128 (subset C for digit runs) or QR when Code 128 would not fit, every module a whole
//!   number of printer dots with its quiet zone (`barcode`).
//! * Text shrinks to the profile's floor size; beyond that the render is refused, never clipped.
//! * `check_scan_back`: the scan of a freshly printed package label must equal its UID.
//!
//! The app calls [`render`] and hands `RenderedLabel::pdf` to its printer port; the CLI calls
//! [`render_json`].

mod barcode;
mod canvas;
mod catalog;
mod command_sheet;
mod format;
mod layout;
mod render;
mod scan;
mod spec;
mod templates;
mod text;

pub use barcode::{BarcodePlan, Symbology, plan as plan_barcode};
pub use catalog::{
    Catalog, Profile, ProfileStatus, Stock, StockKind, SymbolShape, SymbolSpec, Warning, catalog,
};
pub use command_sheet::{CommandCode, RenderedSheet, render_command_sheet};
pub use render::{BarcodeInfo, RenderedLabel, render, render_json};
pub use scan::{LabelVoid, VoidReason, check_scan_back};
pub use spec::{
    Cannabinoid, CannabinoidUnit, Dpi, ExitBagLabel, LabelData, PackageLabel, PickLine, PickTicket,
    ProductKind, RenderSettings, Template,
};

/// Why a label was not rendered. Every variant says what to change.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LabelError {
    #[error("unknown jurisdiction profile {id:?} (known: {known})")]
    UnknownProfile { id: String, known: String },
    #[error("unknown label stock {id:?} (known: {known})")]
    UnknownStock { id: String, known: String },
    #[error("a {template} cannot be printed on {stock}: {reason}")]
    StockNotSuitable {
        template: &'static str,
        stock: String,
        reason: String,
    },
    #[error(
        "profile {profile:?} is incomplete ({missing}); a package label from it can only be rendered as a draft"
    )]
    IncompleteProfile { profile: String, missing: String },
    #[error("required field {field} is missing or empty")]
    MissingField { field: String },
    #[error("field {field} is invalid: {reason}")]
    InvalidField { field: String, reason: String },
    #[error("the {template:?} data is not valid JSON for that template: {reason}")]
    InvalidData { template: Template, reason: String },
    #[error(
        "field {field}: character {ch:?} (U+{code:04X}) is not in the label font; enter a transliteration"
    )]
    UnsupportedCharacter { field: String, ch: char, code: u32 },
    #[error(
        "field {field} contains right-to-left text, which the label engine cannot lay out correctly; enter a Latin transliteration"
    )]
    RightToLeftText { field: String },
    #[error(
        "field {field} does not fit in {max_lines} line(s) of {width_pt:.0} pt even at the {floor_pt} pt minimum size; shorten it or use a larger stock"
    )]
    FieldTooLong {
        field: String,
        max_lines: usize,
        floor_pt: f32,
        width_pt: f32,
    },
    #[error(
        "the {template} needs {needed_pt:.0} pt of height at the minimum text size but stock {stock} has {available_pt:.0} pt; use a larger stock"
    )]
    DoesNotFit {
        template: &'static str,
        stock: String,
        needed_pt: f32,
        available_pt: f32,
    },
    #[error("barcode payload {payload:?} cannot be encoded: {reason}")]
    BadBarcodePayload { payload: String, reason: String },
    #[error(
        "no barcode for {payload:?} fits {available_dots} dots at {dpi} dpi (Code 128 and QR tried)"
    )]
    BarcodeDoesNotFit {
        payload: String,
        available_dots: u32,
        dpi: u32,
    },
    #[error("label catalog or font is broken: {0}")]
    Catalog(String),
    #[error("PDF serialisation failed: {0}")]
    Pdf(String),
}

impl LabelError {
    /// A stable code for the UI and the audit log.
    pub fn code(&self) -> &'static str {
        match self {
            LabelError::UnknownProfile { .. } => "unknown-profile",
            LabelError::UnknownStock { .. } => "unknown-stock",
            LabelError::StockNotSuitable { .. } => "stock-not-suitable",
            LabelError::IncompleteProfile { .. } => "incomplete-profile",
            LabelError::MissingField { .. } => "missing-field",
            LabelError::InvalidField { .. } => "invalid-field",
            LabelError::InvalidData { .. } => "invalid-data",
            LabelError::UnsupportedCharacter { .. } => "unsupported-character",
            LabelError::RightToLeftText { .. } => "right-to-left-text",
            LabelError::FieldTooLong { .. } => "field-too-long",
            LabelError::DoesNotFit { .. } => "does-not-fit",
            LabelError::BadBarcodePayload { .. } => "bad-barcode-payload",
            LabelError::BarcodeDoesNotFit { .. } => "barcode-does-not-fit",
            LabelError::Catalog(_) => "catalog",
            LabelError::Pdf(_) => "pdf",
        }
    }
}
