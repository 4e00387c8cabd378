//! The training catalogue: brands and products a real dispensary would stock, across all six
//! categories, generated deterministically so every training run and test sees the same vault.

use crate::domain::{Cannabinoid, Category, Product, QuantityUnit};

/// SKUs of Jane Doe's order, the walkthrough every new technician does first.
pub const BRAND_X_BULK_FLOWER: &str = "FL-BX-BLUEDREAM-BULK";
pub const BRAND_Y_CARTRIDGE: &str = "VP-BY-BLUEDREAM-05";
pub const BRAND_Z_EDIBLES: &str = "ED-BZ-WATERMELON-10";

struct Row {
    sku: &'static str,
    brand: &'static str,
    name: &'static str,
    strain: Option<&'static str>,
    category: Category,
    /// Net weight of one sealed unit in mg; `None` for bulk (sold by weight).
    unit_mg: Option<i64>,
    /// THC and CBD: thousandths of a percent, or micrograms per unit for edibles and topicals.
    thc: i64,
    cbd: i64,
}

// One positional constructor keeps the catalogue table readable as a table.
#[allow(clippy::too_many_arguments)]
const fn row(
    sku: &'static str,
    brand: &'static str,
    name: &'static str,
    strain: Option<&'static str>,
    category: Category,
    unit_mg: Option<i64>,
    thc: i64,
    cbd: i64,
) -> Row {
    Row {
        sku,
        brand,
        name,
        strain,
        category,
        unit_mg,
        thc,
        cbd,
    }
}

use Category::*;

#[rustfmt::skip]
const ROWS: &[Row] = &[
    // Bulk flower, weighed out to order.
    row(BRAND_X_BULK_FLOWER, "Brand X", "Blue Dream (bulk)", Some("Blue Dream"), Flower, None, 21_400, 120),
    row("FL-BX-GSC-BULK", "Brand X", "Girl Scout Cookies (bulk)", Some("GSC"), Flower, None, 24_800, 90),
    row("FL-NH-OGK-BULK", "Northern Harvest", "OG Kush (bulk)", Some("OG Kush"), Flower, None, 22_100, 60),
    row("FL-NH-SD-BULK", "Northern Harvest", "Sour Diesel (bulk)", Some("Sour Diesel"), Flower, None, 19_700, 150),
    row("FL-PR-HARLEQ-BULK", "Prairie Roots", "Harlequin (bulk)", Some("Harlequin"), Flower, None, 7_200, 11_300),
    row("FL-PR-GG4-BULK", "Prairie Roots", "Gorilla Glue #4 (bulk)", Some("GG4"), Flower, None, 26_300, 40),
    row("FL-SV-WC-BULK", "Silver Valley", "Wedding Cake (bulk)", Some("Wedding Cake"), Flower, None, 25_100, 70),
    row("FL-SV-GDP-BULK", "Silver Valley", "Granddaddy Purple (bulk)", Some("GDP"), Flower, None, 18_900, 110),
    // Pre-packed eighths.
    row("FL-BX-BD-35", "Brand X", "Blue Dream 3.5 g jar", Some("Blue Dream"), Flower, Some(3_500), 21_400, 120),
    row("FL-NH-OGK-35", "Northern Harvest", "OG Kush 3.5 g jar", Some("OG Kush"), Flower, Some(3_500), 22_100, 60),
    row("FL-PR-HARLEQ-35", "Prairie Roots", "Harlequin 3.5 g jar", Some("Harlequin"), Flower, Some(3_500), 7_200, 11_300),
    row("FL-SV-WC-35", "Silver Valley", "Wedding Cake 3.5 g jar", Some("Wedding Cake"), Flower, Some(3_500), 25_100, 70),
    row("FL-LL-JH-35", "Lakeside Labs", "Jack Herer 3.5 g jar", Some("Jack Herer"), Flower, Some(3_500), 20_300, 80),
    row("FL-LL-NL-35", "Lakeside Labs", "Northern Lights 3.5 g jar", Some("Northern Lights"), Flower, Some(3_500), 17_600, 100),
    // Pre-rolls.
    row("PR-BX-BD-1", "Brand X", "Blue Dream pre-roll 1 g", Some("Blue Dream"), PreRoll, Some(1_000), 20_100, 110),
    row("PR-NH-OGK-5PK", "Northern Harvest", "OG Kush pre-rolls 5 × 0.5 g", Some("OG Kush"), PreRoll, Some(2_500), 21_000, 60),
    row("PR-SV-WC-1", "Silver Valley", "Wedding Cake pre-roll 1 g", Some("Wedding Cake"), PreRoll, Some(1_000), 24_000, 70),
    row("PR-LL-JH-2PK", "Lakeside Labs", "Jack Herer pre-rolls 2 × 1 g", Some("Jack Herer"), PreRoll, Some(2_000), 19_800, 80),
    row("PR-PR-CBD-1", "Prairie Roots", "Harlequin CBD pre-roll 1 g", Some("Harlequin"), PreRoll, Some(1_000), 6_900, 10_800),
    row("PR-BZ-INF-1", "Brand Z", "Infused pre-roll 1 g", Some("Mango Haze"), PreRoll, Some(1_000), 38_500, 200),
    // Vapes.
    row(BRAND_Y_CARTRIDGE, "Brand Y", "Blue Dream cartridge 0.5 g", Some("Blue Dream"), Vape, Some(500), 86_200, 300),
    row("VP-BY-SD-05", "Brand Y", "Sour Diesel cartridge 0.5 g", Some("Sour Diesel"), Vape, Some(500), 84_900, 250),
    row("VP-BY-GDP-10", "Brand Y", "Granddaddy Purple cartridge 1 g", Some("GDP"), Vape, Some(1_000), 85_500, 280),
    row("VP-LL-LR-05", "Lakeside Labs", "Live resin cartridge 0.5 g", Some("Tangie"), Vape, Some(500), 78_300, 400),
    row("VP-SV-DISP-03", "Silver Valley", "Disposable pen 0.3 g", Some("Pineapple Express"), Vape, Some(300), 82_000, 350),
    row("VP-PR-CBD-05", "Prairie Roots", "1:1 CBD cartridge 0.5 g", Some("Harlequin"), Vape, Some(500), 40_100, 39_800),
    row("VP-NH-OGK-10", "Northern Harvest", "OG Kush cartridge 1 g", Some("OG Kush"), Vape, Some(1_000), 87_400, 200),
    // Edibles: potency per piece in micrograms.
    row(BRAND_Z_EDIBLES, "Brand Z", "Watermelon gummies 10 × 10 mg", None, Edible, Some(30_000), 10_000, 0),
    row("ED-BZ-SOURCHERRY-10", "Brand Z", "Sour cherry gummies 10 × 10 mg", None, Edible, Some(30_000), 10_000, 0),
    row("ED-BZ-CHOC-BAR", "Brand Z", "Dark chocolate bar 10 × 10 mg", None, Edible, Some(45_000), 10_000, 0),
    row("ED-LL-MINT-20", "Lakeside Labs", "Micro-dose mints 20 × 2.5 mg", None, Edible, Some(15_000), 2_500, 0),
    row("ED-PR-CBD-GUMMY", "Prairie Roots", "1:1 CBD gummies 10 × 5 mg", None, Edible, Some(30_000), 5_000, 5_000),
    row("ED-SV-SELTZER", "Silver Valley", "Lemon seltzer 5 mg", None, Edible, Some(355_000), 5_000, 0),
    row("ED-NH-CARAMEL", "Northern Harvest", "Salted caramels 10 × 10 mg", None, Edible, Some(40_000), 10_000, 0),
    // Concentrates.
    row("CN-LL-LR-1G", "Lakeside Labs", "Live resin 1 g", Some("Tangie"), Concentrate, Some(1_000), 74_500, 500),
    row("CN-SV-SHATTER-1G", "Silver Valley", "Shatter 1 g", Some("Wedding Cake"), Concentrate, Some(1_000), 80_200, 300),
    row("CN-NH-ROSIN-05", "Northern Harvest", "Hash rosin 0.5 g", Some("OG Kush"), Concentrate, Some(500), 71_900, 400),
    row("CN-BX-BADDER-1G", "Brand X", "Badder 1 g", Some("Blue Dream"), Concentrate, Some(1_000), 77_700, 350),
    row("CN-PR-RSO-1G", "Prairie Roots", "RSO syringe 1 g", Some("Harlequin"), Concentrate, Some(1_000), 62_000, 8_000),
    // Topicals: potency per unit in micrograms.
    row("TP-PR-BALM-50", "Prairie Roots", "CBD balm 50 ml", None, Topical, Some(50_000), 100_000, 500_000),
    row("TP-LL-LOTION-100", "Lakeside Labs", "Relief lotion 100 ml", None, Topical, Some(100_000), 200_000, 200_000),
    row("TP-SV-PATCH-4", "Silver Valley", "Transdermal patches 4 × 10 mg", None, Topical, Some(8_000), 40_000, 0),
    row("TP-BZ-BATH-1", "Brand Z", "Bath soak 1 × 25 mg", None, Topical, Some(200_000), 25_000, 0),
];

pub fn products() -> Vec<Product> {
    ROWS.iter()
        .map(|r| Product {
            sku: r.sku.to_owned(),
            brand: r.brand.to_owned(),
            name: r.name.to_owned(),
            strain: r.strain.map(str::to_owned),
            category: r.category,
            unit: if r.unit_mg.is_some() {
                QuantityUnit::Each
            } else {
                QuantityUnit::Milligram
            },
            net_weight_mg: r.unit_mg,
            cannabinoids: vec![
                Cannabinoid {
                    name: "THC".into(),
                    amount: r.thc,
                },
                Cannabinoid {
                    name: "CBD".into(),
                    amount: r.cbd,
                },
            ],
        })
        .collect()
}
