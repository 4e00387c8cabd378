//! The training day's pre-orders, as a POS would send them: Jane Doe first, then a spread of
//! pickup, curbside and delivery orders over eight and a half hours.

use super::catalogue::{BRAND_X_BULK_FLOWER, BRAND_Y_CARTRIDGE, BRAND_Z_EDIBLES};
use crate::domain::{Channel, Product, QuantityUnit};
use crate::ports::{PosLine, PosOrder};
use chrono::{DateTime, Duration, Utc};

pub const JANE_DOE_ORDER: &str = "POS-10001";
/// An order whose bulk lot is on the shelf but empty in the state system (the discrepancy drill).
pub const DISCREPANCY_ORDER: &str = "POS-10007";

const CUSTOMERS: &[&str] = &[
    "Marcus Bell",
    "Priya Raman",
    "Tomás Álvarez",
    "Grace O'Neill",
    "Wei Zhang",
    "Fatima Haddad",
    "Dmitri Volkov",
    "Aisha Bello",
    "Jonas Lindqvist",
    "Keiko Tanaka",
    "Liam Murphy",
    "Sofia Rossi",
    "Noah Williams",
    "Amara Okafor",
    "Ethan Brooks",
    "Chloé Dubois",
    "Mateo García",
    "Hannah Schmidt",
    "Oliver Kowalski",
    "Isabella Costa",
    "Yusuf Demir",
    "Zoë Van der Berg",
    "Ravi Patel",
    "Emma Johansson",
    "Lucas Martin",
    "Nia Thompson",
    "Sven Eriksen",
];

/// Weighed-out amounts a dispensary sells from bulk, in mg.
const WEIGHTS_MG: &[i64] = &[1_000, 3_500, 7_000, 14_000, 3_500, 1_750];

pub fn orders(products: &[Product], seed: DateTime<Utc>) -> Vec<PosOrder> {
    let mut out = vec![PosOrder {
        id: JANE_DOE_ORDER.into(),
        customer_name: "Jane Doe".into(),
        channel: Channel::Pickup,
        promised_at: seed + Duration::minutes(25),
        express: false,
        placed_at: seed - Duration::minutes(40),
        cancelled: false,
        lines: vec![
            weighed(BRAND_X_BULK_FLOWER, 3_500),
            counted(BRAND_Y_CARTRIDGE, 1),
            counted(BRAND_Z_EDIBLES, 2),
        ],
    }];
    let bulk: Vec<&Product> = products
        .iter()
        .filter(|p| p.unit == QuantityUnit::Milligram)
        .collect();
    let counted_goods: Vec<&Product> = products
        .iter()
        .filter(|p| p.unit == QuantityUnit::Each)
        .collect();
    for (i, customer) in CUSTOMERS.iter().enumerate() {
        let n = i + 2; // order number within the day; Jane Doe is the first
        let id = format!("POS-{}", 10000 + n);
        let channel = [Channel::Pickup, Channel::Curbside, Channel::Delivery][i % 3];
        let mut lines = Vec::new();
        if id == DISCREPANCY_ORDER {
            lines.push(weighed("FL-NH-SD-BULK", 3_500));
        } else if i % 4 == 1 {
            lines.push(weighed(
                &bulk[(i / 4) % bulk.len()].sku,
                WEIGHTS_MG[i % WEIGHTS_MG.len()],
            ));
        }
        for k in 0..(1 + i % 3) {
            let product = counted_goods[(i * 5 + k * 11) % counted_goods.len()];
            if lines.iter().all(|l: &PosLine| l.sku != product.sku) {
                lines.push(counted(&product.sku, 1 + ((i + k) % 3) as i64));
            }
        }
        out.push(PosOrder {
            id,
            customer_name: (*customer).into(),
            channel,
            // Spread over 8.5 hours from the seed, as a day's pre-orders arrive.
            promised_at: seed + Duration::minutes(35 + 19 * i as i64),
            express: i % 9 == 4,
            placed_at: seed - Duration::minutes(30) + Duration::seconds(i as i64),
            cancelled: false,
            lines,
        });
    }
    out
}

fn weighed(sku: &str, mg: i64) -> PosLine {
    PosLine {
        sku: sku.into(),
        count: None,
        weight_mg: Some(mg),
    }
}

fn counted(sku: &str, n: i64) -> PosLine {
    PosLine {
        sku: sku.into(),
        count: Some(n),
        weight_mg: None,
    }
}
