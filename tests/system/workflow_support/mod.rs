//! A small hand-made vault for the workflow tests: one package per situation a scan must recognise,
//! on a real SQLite file, with a clock the test moves.

#![allow(dead_code)] // each test binary uses a different subset

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::params;
use vaultpick_core::domain::{
    Category, Channel, Order, OrderLine, OrderStatus, Package, PackageStatus, Product, QaStatus,
    Quantity, QuantityUnit, Uid,
};
use vaultpick_core::ports::{ScaleReading, TraceOp};
use vaultpick_core::store;
use vaultpick_core::workflow::{Tolerance, WeighInput, Workflow, WorkflowSettings};
use vaultpick_core::{ManualClock, Store};

pub const FLOWER: &str = "FL-BULK";
pub const VAPE: &str = "VP-CART";
pub const EDIBLE: &str = "ED-GUMMY";
pub const STATION: &str = "ST-1";
pub const PENDING_SALE_ROOM: i64 = 200;
pub const VAULT_ROOM: i64 = 100;
pub const QUARANTINE_ROOM: i64 = 300;
pub const AGENT: &str = "badge-7";

pub struct Vault {
    pub dir: tempfile::TempDir,
    pub store: Store,
    pub clock: ManualClock,
}

impl Vault {
    pub fn workflow(&self) -> Workflow<'_> {
        Workflow::new(&self.store, &self.clock, settings())
    }

    pub fn workflow_with(&self, s: WorkflowSettings) -> Workflow<'_> {
        Workflow::new(&self.store, &self.clock, s)
    }

    pub fn now(&self) -> DateTime<Utc> {
        vaultpick_core::Clock::now(&self.clock)
    }

    pub fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }

    pub fn package(&self, uid: &str) -> Package {
        self.store
            .read(|c| store::load_package(c, uid))
            .expect("read package")
            .expect("package exists")
    }

    pub fn status(&self, order: &str) -> OrderStatus {
        self.store
            .read(|c| store::load_order(c, order))
            .expect("read order")
            .expect("order exists")
            .status
    }

    /// Outbox rows as (package, op), oldest first.
    pub fn outbox(&self) -> Vec<(String, TraceOp)> {
        self.store
            .read(|c| {
                let mut stmt = c.prepare("SELECT package, op FROM outbox ORDER BY id")?;
                let rows =
                    stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
                Ok(rows.collect::<Result<Vec<_>, _>>()?)
            })
            .expect("read outbox")
            .into_iter()
            .map(|(p, op)| (p, serde_json::from_str(&op).expect("op is JSON")))
            .collect()
    }

    pub fn count(&self, sql: &str) -> i64 {
        self.store
            .read(|c| Ok(c.query_row(sql, [], |r| r.get(0))?))
            .expect("count")
    }

    /// Adds an order in `status` with the standard three lines: 3.50 g flower, 1 vape, 2 edibles.
    pub fn add_order(&self, id: &str, status: OrderStatus) {
        self.add_order_with(id, status, standard_lines());
    }

    pub fn add_order_with(&self, id: &str, status: OrderStatus, lines: Vec<OrderLine>) {
        let now = self.now();
        let order = Order {
            pos_id: id.into(),
            customer: "Test Customer".into(),
            channel: Channel::Pickup,
            promised_at: now + Duration::minutes(30),
            express: false,
            status,
            lines,
            claimed_by: None,
            station: None,
            pause_reason: None,
            received_at: now,
        };
        self.store
            .write(|tx| store::insert_order(tx, &order))
            .expect("insert order");
    }

    /// Puts ids in the pre-assigned pool, as the link's refill would while online.
    pub fn fill_pool(&self, ids: &[&str]) {
        let now = store::fmt_time(self.now());
        self.store
            .write(|tx| {
                for id in ids {
                    tx.execute(
                        "INSERT INTO uid_pool (uid, fetched_at) VALUES (?1, ?2)",
                        params![id, now],
                    )?;
                }
                Ok(())
            })
            .expect("fill pool");
    }

    /// Marks a complete pull of state quantities as done, so packages the state system did not list
    /// count as absent.
    pub fn mark_inventory_synced(&self) {
        let now = store::fmt_time(self.now());
        self.store
            .write(|tx| {
                tx.execute(
                    "INSERT INTO sync_state (key, value) VALUES (?1, ?2)",
                    params![vaultpick_core::trace_sync::LAST_PULL_KEY, now],
                )?;
                Ok(())
            })
            .expect("mark synced");
    }

    /// A stable reading of `net_mg`, taken `age` ago.
    pub fn reading(&self, net_mg: i64, stable: bool, age: Duration) -> WeighInput {
        WeighInput {
            reading: ScaleReading {
                net_mg,
                stable,
                at: self.now() - age,
                raw: format!("S S {:>10.2} g", net_mg as f64 / 1000.0),
            },
            tare_mg: 12_340,
            scale_id: "SCALE-0042".into(),
            tolerance: Tolerance::one_e(10),
            max_age: Duration::seconds(5),
        }
    }
}

pub fn settings() -> WorkflowSettings {
    WorkflowSettings::new(STATION, PENDING_SALE_ROOM, VAULT_ROOM, QUARANTINE_ROOM)
}

pub fn standard_lines() -> Vec<OrderLine> {
    vec![
        OrderLine {
            line_no: 1,
            sku: FLOWER.into(),
            wanted: Quantity::milligrams(3_500),
        },
        OrderLine {
            line_no: 2,
            sku: VAPE.into(),
            wanted: Quantity::units(1),
        },
        OrderLine {
            line_no: 3,
            sku: EDIBLE.into(),
            wanted: Quantity::units(2),
        },
    ]
}

fn product(sku: &str, brand: &str, name: &str, category: Category, unit: QuantityUnit) -> Product {
    Product {
        sku: sku.into(),
        brand: brand.into(),
        name: name.into(),
        strain: None,
        category,
        unit,
        net_weight_mg: None,
        cannabinoids: Vec::new(),
    }
}

pub struct Pkg {
    pub uid: &'static str,
    pub sku: &'static str,
    pub quantity: Quantity,
    pub state: Option<i64>,
    pub status: PackageStatus,
    pub qa: QaStatus,
    pub expires_in_days: i64,
    pub packaged_days_ago: i64,
    pub sealed: bool,
}

impl Pkg {
    fn good(uid: &'static str, sku: &'static str, quantity: Quantity) -> Pkg {
        Pkg {
            uid,
            sku,
            quantity,
            state: Some(quantity.amount),
            status: PackageStatus::Active,
            qa: QaStatus::Passed,
            expires_in_days: 200,
            packaged_days_ago: 30,
            sealed: quantity.unit == QuantityUnit::Each,
        }
    }
}

/// The packages: the good ones first, then one per refusal.
pub fn packages() -> Vec<Pkg> {
    let each = Quantity::units;
    vec![
        Pkg::good("BULK-1", FLOWER, Quantity::milligrams(100_000)),
        // Later expiry than VAPE-1 but older: the suggestion must still prefer VAPE-1's earlier expiry.
        Pkg {
            expires_in_days: 300,
            packaged_days_ago: 90,
            ..Pkg::good("VAPE-2", VAPE, each(5))
        },
        Pkg {
            expires_in_days: 100,
            ..Pkg::good("VAPE-1", VAPE, each(1))
        },
        Pkg::good("GUMMY-1", EDIBLE, each(10)),
        Pkg {
            expires_in_days: -2,
            ..Pkg::good("VAPE-EXPIRED", VAPE, each(3))
        },
        Pkg {
            status: PackageStatus::Quarantined,
            ..Pkg::good("VAPE-QUAR", VAPE, each(3))
        },
        Pkg {
            qa: QaStatus::Pending,
            ..Pkg::good("VAPE-QA", VAPE, each(3))
        },
        Pkg {
            status: PackageStatus::Sold,
            ..Pkg::good("VAPE-SOLD", VAPE, each(3))
        },
        Pkg {
            quantity: each(0),
            state: Some(3),
            ..Pkg::good("VAPE-EMPTY", VAPE, each(0))
        },
        Pkg {
            state: Some(0),
            ..Pkg::good("VAPE-STATE0", VAPE, each(3))
        },
        Pkg {
            state: None,
            ..Pkg::good("VAPE-UNLISTED", VAPE, each(3))
        },
    ]
}

pub fn vault() -> Vault {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_in(dir.path()).expect("open store");
    let clock = ManualClock::new(crate::support::morning());
    let today = vaultpick_core::Clock::now(&clock).date_naive();
    store
        .write(|tx| {
            store::insert_product(
                tx,
                &product(
                    FLOWER,
                    "Brand X",
                    "House Flower",
                    Category::Flower,
                    QuantityUnit::Milligram,
                ),
            )?;
            store::insert_product(
                tx,
                &product(
                    VAPE,
                    "Brand Y",
                    "Vape Cartridge",
                    Category::Vape,
                    QuantityUnit::Each,
                ),
            )?;
            store::insert_product(
                tx,
                &product(
                    EDIBLE,
                    "Brand Z",
                    "Gummies",
                    Category::Edible,
                    QuantityUnit::Each,
                ),
            )?;
            for (i, p) in packages().into_iter().enumerate() {
                store::insert_package(
                    tx,
                    &Package {
                        uid: Uid(p.uid.into()),
                        sku: p.sku.into(),
                        batch: format!("LOT-{i}"),
                        packaged_on: today - Duration::days(p.packaged_days_ago),
                        expires_on: Some(today + Duration::days(p.expires_in_days)),
                        quantity: p.quantity,
                        state_quantity: p.state,
                        location: format!("Vault A · Bin {:02}", i + 1),
                        status: p.status,
                        qa: p.qa,
                        sealed: p.sealed,
                    },
                )?;
            }
            Ok(())
        })
        .expect("seed vault");
    Vault { dir, store, clock }
}
