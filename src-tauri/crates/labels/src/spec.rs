//! What the caller hands in: one data struct per template, plus the render settings.
//!
//! These are presentation inputs (strings as they should be printed), deliberately independent of the
//! core domain types so the app can fill them from any source and the CLI from a JSON file.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Template {
    Package,
    ExitBag,
    PickTicket,
}

impl Template {
    pub const ALL: [Template; 3] = [Template::Package, Template::ExitBag, Template::PickTicket];

    pub fn as_str(self) -> &'static str {
        match self {
            Template::Package => "package",
            Template::ExitBag => "exit-bag",
            Template::PickTicket => "pick-ticket",
        }
    }
}

impl std::str::FromStr for Template {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Template::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| format!("unknown template {s:?}: use package, exit-bag or pick-ticket"))
    }
}

/// Printer resolution. Only the two head resolutions we snap barcodes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub enum Dpi {
    D203,
    D300,
}

impl Dpi {
    pub fn dots_per_inch(self) -> u32 {
        match self {
            Dpi::D203 => 203,
            Dpi::D300 => 300,
        }
    }
    /// PDF points per printer dot.
    pub fn pt_per_dot(self) -> f32 {
        72.0 / self.dots_per_inch() as f32
    }
}

impl TryFrom<u32> for Dpi {
    type Error = String;
    fn try_from(v: u32) -> Result<Self, String> {
        match v {
            203 => Ok(Dpi::D203),
            300 => Ok(Dpi::D300),
            other => Err(format!(
                "unsupported printer resolution {other} dpi: use 203 or 300"
            )),
        }
    }
}

impl From<Dpi> for u32 {
    fn from(d: Dpi) -> u32 {
        d.dots_per_inch()
    }
}

/// Which warnings a product needs (the keys used in a profile's `applies_to`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProductKind {
    /// Flower, pre-rolls, vape: anything smoked or inhaled.
    Smokable,
    /// Infused products that are not topicals (edibles, tinctures).
    Infused,
    Topical,
    Other,
}

impl ProductKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ProductKind::Smokable => "smokable",
            ProductKind::Infused => "infused",
            ProductKind::Topical => "topical",
            ProductKind::Other => "other",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CannabinoidUnit {
    /// `amount` is thousandths of a percent by weight.
    Percent,
    /// `amount` is micrograms per unit; printed as mg.
    MgPerUnit,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cannabinoid {
    pub name: String,
    pub amount: i64,
    pub unit: CannabinoidUnit,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageLabel {
    pub dispensary_name: String,
    pub dispensary_licence: String,
    /// The track-and-trace id (BioTrack 16 digits, Metrc 24-character tag), printed and encoded as is.
    pub uid: String,
    pub product_name: String,
    #[serde(default)]
    pub strain: Option<String>,
    pub product_kind: ProductKind,
    pub batch: String,
    /// ISO dates, `YYYY-MM-DD`.
    pub packaged_on: String,
    #[serde(default)]
    pub harvested_on: Option<String>,
    #[serde(default)]
    pub expires_on: Option<String>,
    /// Net weight in milligrams as read from the scale.
    pub net_weight_mg: i64,
    /// The scale's readability `d` in milligrams (1, 10, 100, ...): the weight is printed to it.
    pub scale_d_mg: i64,
    #[serde(default)]
    pub cannabinoids: Vec<Cannabinoid>,
    #[serde(default)]
    pub lab: Option<String>,
    #[serde(default)]
    pub coa_ref: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExitBagLabel {
    /// Encoded in the bag's barcode.
    pub order_id: String,
    pub customer_name: String,
    pub channel: String,
    /// As it should be printed, e.g. `2026-11-26 17:30`.
    pub promised_at: String,
    pub item_count: u32,
    pub staging_location: String,
    pub bag_seal_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PickLine {
    pub vault_location: String,
    pub uid: String,
    pub product_name: String,
    /// As printed, e.g. `3.50 g` or `2 ea`.
    pub quantity: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PickTicket {
    pub order_id: String,
    pub customer_name: String,
    pub channel: String,
    pub promised_at: String,
    pub lines: Vec<PickLine>,
}

/// The data for one render; the variant picks the template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "template", content = "data", rename_all = "kebab-case")]
pub enum LabelData {
    Package(PackageLabel),
    ExitBag(ExitBagLabel),
    PickTicket(PickTicket),
}

impl LabelData {
    pub fn template(&self) -> Template {
        match self {
            LabelData::Package(_) => Template::Package,
            LabelData::ExitBag(_) => Template::ExitBag,
            LabelData::PickTicket(_) => Template::PickTicket,
        }
    }

    /// Parses the JSON for one template (the CLI's `--data FILE.json`).
    pub fn from_json(template: Template, json: &[u8]) -> Result<Self, crate::LabelError> {
        let bad = |e: serde_json::Error| crate::LabelError::InvalidData {
            template,
            reason: e.to_string(),
        };
        Ok(match template {
            Template::Package => LabelData::Package(serde_json::from_slice(json).map_err(bad)?),
            Template::ExitBag => LabelData::ExitBag(serde_json::from_slice(json).map_err(bad)?),
            Template::PickTicket => {
                LabelData::PickTicket(serde_json::from_slice(json).map_err(bad)?)
            }
        })
    }

    /// The value the label's barcode must scan back as (UID or order id).
    pub fn barcode_payload(&self) -> &str {
        match self {
            LabelData::Package(p) => &p.uid,
            LabelData::ExitBag(b) => &b.order_id,
            LabelData::PickTicket(t) => &t.order_id,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderSettings {
    pub profile: String,
    pub stock: String,
    pub dpi: Dpi,
    /// Allows a package label from an incomplete profile, stamped "DRAFT - NOT FOR SALE".
    #[serde(default)]
    pub draft: bool,
}
