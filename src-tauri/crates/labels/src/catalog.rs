//! Jurisdiction profiles and label stocks, as data embedded in the binary.
//!
//! Adding a state or a stock is a TOML edit in `profiles/`, not a code change: templates ask the profile
//! which fields are required, which warnings apply to a product kind and whether a symbol is drawn.

use crate::LabelError;
use crate::spec::ProductKind;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

const PROFILE_SOURCES: [(&str, &str); 4] = [
    ("il.toml", include_str!("../profiles/il.toml")),
    (
        "biotrack-generic.toml",
        include_str!("../profiles/biotrack-generic.toml"),
    ),
    ("ny.toml", include_str!("../profiles/ny.toml")),
    ("nm.toml", include_str!("../profiles/nm.toml")),
];
const STOCK_SOURCE: &str = include_str!("../profiles/stocks.toml");

/// The package-label fields a profile may require (the keys of `required_fields`).
pub const KNOWN_FIELDS: [&str; 13] = [
    "dispensary_name",
    "dispensary_licence",
    "uid",
    "product_name",
    "strain",
    "batch",
    "packaged_on",
    "harvested_on",
    "expires_on",
    "net_weight",
    "cannabinoids",
    "lab",
    "coa_ref",
];

/// Product kinds a warning may apply to, plus `all`.
const KNOWN_KINDS: [&str; 5] = ["all", "smokable", "infused", "topical", "other"];

/// How far a profile can be trusted for retail compliance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProfileStatus {
    /// Every fact the label needs is in the profile (with the caveats in `notes`).
    Complete,
    /// A cross-state baseline without statutory warnings.
    Generic,
    /// Facts are missing (listed in `missing`); package labels render only as drafts.
    Incomplete,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Warning {
    /// Product kinds this warning applies to; `all` applies to every kind.
    pub applies_to: Vec<String>,
    /// Printed verbatim.
    pub text: String,
    #[serde(default)]
    pub bold: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SymbolShape {
    Triangle,
    Diamond,
}

/// A universal symbol drawn as vector shapes: an outlined shape with short text lines inside.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SymbolSpec {
    pub shape: SymbolShape,
    pub lines: Vec<String>,
    pub size_in: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub id: String,
    pub name: String,
    pub status: ProfileStatus,
    #[serde(default)]
    pub notes: Vec<String>,
    #[serde(default)]
    pub missing: Vec<String>,
    /// No text on a label from this profile is set smaller than this.
    pub min_font_pt: f32,
    pub required_fields: Vec<String>,
    #[serde(default)]
    pub required_cannabinoids: Vec<String>,
    #[serde(default)]
    pub show_totals: bool,
    #[serde(default)]
    pub symbol: Option<SymbolSpec>,
    #[serde(default)]
    pub warnings: Vec<Warning>,
}

impl Profile {
    pub fn requires(&self, field: &str) -> bool {
        self.required_fields.iter().any(|f| f == field)
    }

    /// The warnings for one product kind, in profile order.
    pub fn warnings_for(&self, kind: ProductKind) -> impl Iterator<Item = &Warning> {
        let kind = kind.as_str();
        self.warnings
            .iter()
            .filter(move |w| w.applies_to.iter().any(|a| a == "all" || a == kind))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StockKind {
    Label,
    Continuous,
    Sheet,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LengthUnit {
    In,
    Mm,
}

impl LengthUnit {
    fn to_pt(self, value: f32) -> f32 {
        match self {
            LengthUnit::In => value * 72.0,
            LengthUnit::Mm => value * 72.0 / 25.4,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StockRecord {
    id: String,
    name: String,
    kind: StockKind,
    unit: LengthUnit,
    width: f32,
    #[serde(default)]
    height: Option<f32>,
    margin: f32,
    #[serde(default)]
    max_length: Option<f32>,
}

/// A stock with every length already in PDF points (1/72 in).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stock {
    pub id: String,
    pub name: String,
    pub kind: StockKind,
    pub width_pt: f32,
    /// Fixed height for labels and sheets; the maximum length for continuous stock.
    pub height_pt: f32,
    pub margin_pt: f32,
}

#[derive(Debug, Deserialize)]
struct StockFile {
    stock: Vec<StockRecord>,
}

#[derive(Debug)]
pub struct Catalog {
    pub profiles: Vec<Profile>,
    pub stocks: Vec<Stock>,
}

impl Catalog {
    pub fn profile(&self, id: &str) -> Result<&Profile, LabelError> {
        self.profiles
            .iter()
            .find(|p| p.id == id)
            .ok_or_else(|| LabelError::UnknownProfile {
                id: id.to_owned(),
                known: self
                    .profiles
                    .iter()
                    .map(|p| p.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }

    pub fn stock(&self, id: &str) -> Result<&Stock, LabelError> {
        self.stocks
            .iter()
            .find(|s| s.id == id)
            .ok_or_else(|| LabelError::UnknownStock {
                id: id.to_owned(),
                known: self
                    .stocks
                    .iter()
                    .map(|s| s.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }
}

fn parse_catalog() -> Result<Catalog, String> {
    let mut profiles = Vec::new();
    for (file, text) in PROFILE_SOURCES {
        let profile: Profile = toml::from_str(text).map_err(|e| format!("profiles/{file}: {e}"))?;
        if profile.status == ProfileStatus::Incomplete && profile.missing.is_empty() {
            return Err(format!(
                "profiles/{file}: an incomplete profile must say what is missing"
            ));
        }
        if let Some(f) = profile
            .required_fields
            .iter()
            .find(|f| !KNOWN_FIELDS.contains(&f.as_str()))
        {
            return Err(format!("profiles/{file}: unknown required field {f:?}"));
        }
        let kinds = profile.warnings.iter().flat_map(|w| &w.applies_to);
        if let Some(k) = kinds
            .into_iter()
            .find(|k| !KNOWN_KINDS.contains(&k.as_str()))
        {
            return Err(format!(
                "profiles/{file}: unknown product kind {k:?} in a warning"
            ));
        }
        profiles.push(profile);
    }
    let file: StockFile =
        toml::from_str(STOCK_SOURCE).map_err(|e| format!("profiles/stocks.toml: {e}"))?;
    let mut stocks = Vec::new();
    for r in file.stock {
        let length = match r.kind {
            StockKind::Continuous => r.max_length,
            StockKind::Label | StockKind::Sheet => r.height,
        }
        .ok_or_else(|| {
            format!(
                "stock {}: height (or max_length for continuous) missing",
                r.id
            )
        })?;
        stocks.push(Stock {
            width_pt: r.unit.to_pt(r.width),
            height_pt: r.unit.to_pt(length),
            margin_pt: r.unit.to_pt(r.margin),
            id: r.id,
            name: r.name,
            kind: r.kind,
        });
    }
    Ok(Catalog { profiles, stocks })
}

/// The embedded catalog, parsed once. The data ships with the binary, so a parse failure is a build
/// defect; it still comes back as an error rather than a panic.
pub fn catalog() -> Result<&'static Catalog, LabelError> {
    static CATALOG: OnceLock<Result<Catalog, String>> = OnceLock::new();
    CATALOG
        .get_or_init(parse_catalog)
        .as_ref()
        .map_err(|e| LabelError::Catalog(e.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_catalog_loads_with_every_profile_and_stock() -> Result<(), LabelError> {
        let cat = catalog()?;
        let ids: Vec<_> = cat.profiles.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["il", "biotrack-generic", "ny", "nm"]);
        let stocks: Vec<_> = cat.stocks.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(stocks, ["2x1", "4x2", "62mm", "4x6", "letter", "a4"]);
        let s62 = cat.stock("62mm")?;
        assert!((s62.width_pt - 175.748).abs() < 0.01, "{}", s62.width_pt);
        for p in &cat.profiles {
            assert!(
                p.status != ProfileStatus::Incomplete || !p.missing.is_empty(),
                "{}",
                p.id
            );
        }
        Ok(())
    }

    #[test]
    fn illinois_warnings_follow_the_product_kind() -> Result<(), LabelError> {
        let il = catalog()?.profile("il")?;
        let texts = |k| {
            il.warnings_for(k)
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
        };
        let smokable = texts(ProductKind::Smokable);
        assert_eq!(smokable.len(), 2);
        assert!(
            smokable[0]
                .starts_with("This product contains cannabis and is intended for use by adults 21")
        );
        assert!(
            smokable[0].ends_with(
                "significant legal penalties in some jurisdictions and under federal law."
            )
        );
        assert_eq!(smokable[1], "Smoking is hazardous to your health.");
        assert!(
            texts(ProductKind::Infused)[1]
                .starts_with("CAUTION: This product contains cannabis, and intoxication")
        );
        let topical: Vec<_> = il.warnings_for(ProductKind::Topical).collect();
        assert_eq!(
            (topical[1].text.as_str(), topical[1].bold),
            ("DO NOT EAT", true)
        );
        assert_eq!(texts(ProductKind::Other).len(), 1);
        Ok(())
    }
}
