//! Scan-verdict latency with a big store: 1,000,000 packages and 100,000 orders (with their picks) on
//! a real SQLite file. Prints p50/p99 for a full scan (judgement plus its write transaction, fsync
//! included), for a refused scan, and for the read-only judgement alone. Figures, not a test.
//!
//! Run: `cargo bench -p vaultpick-core --bench scan_verdict`
//! Env: `BENCH_SEED` (default 20261126), `BENCH_PACKAGES`, `BENCH_ORDERS`, `BENCH_SAMPLES`,
//! `BENCH_DIR` (where the database goes; default: a temp dir).

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use rusqlite::params;
use std::time::Instant;
use vaultpick_core::domain::OrderStatus;
use vaultpick_core::workflow::{Workflow, WorkflowSettings};
use vaultpick_core::{ManualClock, Store};

/// A small deterministic generator (SplitMix64): the same store for the same seed, no dependencies.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

const PRODUCTS: u64 = 1_000;
const BENCH_ORDER: &str = "BENCH-OPEN";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let seed = env("BENCH_SEED", 20_261_126);
    let packages = env("BENCH_PACKAGES", 1_000_000);
    let orders = env("BENCH_ORDERS", 100_000);
    let samples = env("BENCH_SAMPLES", 2_000) as usize;
    println!(
        "scan_verdict: seed {seed}, {packages} packages, {orders} orders, {samples} samples per kind"
    );

    let tmp = tempfile::tempdir()?;
    let dir = std::env::var("BENCH_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| tmp.path().to_path_buf());
    let store = Store::open_in(&dir)?;
    let now = Utc
        .with_ymd_and_hms(2026, 11, 26, 15, 0, 0)
        .single()
        .ok_or("bad date")?;
    let clock = ManualClock::new(now);
    let today = now.date_naive();
    let mut rng = Rng(seed);

    let t0 = Instant::now();
    fill(&store, &mut rng, packages, orders, today)?;
    println!(
        "  filled in {:.1} s ({} MB)",
        t0.elapsed().as_secs_f64(),
        file_mb(&store)
    );

    let wf = Workflow::new(
        &store,
        &clock,
        WorkflowSettings {
            sealed_checks: false,
            ..WorkflowSettings::new("BENCH", 2, 1, 3)
        },
    );
    wf.claim(BENCH_ORDER, "bench")?;
    let per_sku = packages / PRODUCTS;
    // Line 1 wants SKU 0 (100,000 units); any active SKU-0 package is a good scan. Line 2 wants SKU 1.
    let pick = |rng: &mut Rng, sku: u64| format!("PKG{:08}", sku * per_sku + rng.below(per_sku));

    let mut accepted = Vec::with_capacity(samples);
    let mut refused = Vec::with_capacity(samples);
    let mut preview = Vec::with_capacity(samples);
    let (mut n_accepted, mut n_refused) = (0, 0);
    for _ in 0..samples {
        let good = pick(&mut rng, 0);
        let t = Instant::now();
        let v = wf.scan(BENCH_ORDER, Some(1), &good, "bench")?;
        accepted.push(t.elapsed());
        n_accepted += v.is_accepted() as u32;

        let wrong_sku = 2 + rng.below(PRODUCTS - 2);
        let wrong = pick(&mut rng, wrong_sku);
        let t = Instant::now();
        let v = wf.scan(BENCH_ORDER, Some(2), &wrong, "bench")?;
        refused.push(t.elapsed());
        n_refused += v.is_refusal() as u32;

        let any_sku = rng.below(PRODUCTS);
        let any = pick(&mut rng, any_sku);
        let t = Instant::now();
        let _ = wf.preview_scan(BENCH_ORDER, None, &any)?;
        preview.push(t.elapsed());
    }
    clock.advance(Duration::seconds(1));
    report(
        "scan, full (judge + write + fsync), same product",
        &mut accepted,
    );
    println!(
        "      ({n_accepted} of {samples} accepted; the rest hit expired/quarantined/held packages)"
    );
    report("scan, full, wrong product (refusal logged)", &mut refused);
    println!("      ({n_refused} of {samples} refused)");
    report(
        "verdict only (read-only preview, any package)",
        &mut preview,
    );
    Ok(())
}

fn report(what: &str, d: &mut [std::time::Duration]) {
    d.sort();
    let at = |q: f64| d[((d.len() as f64 - 1.0) * q).round() as usize].as_secs_f64() * 1e6;
    println!(
        "  {what}: p50 {:.0} µs, p99 {:.0} µs, max {:.0} µs",
        at(0.5),
        at(0.99),
        at(1.0)
    );
}

fn file_mb(store: &Store) -> u64 {
    std::fs::metadata(store.path())
        .map(|m| m.len() / 1_000_000)
        .unwrap_or(0)
}

/// Products, packages (a few expired, quarantined or held), historic orders with picks, and one open
/// order to scan into.
fn fill(
    store: &Store,
    rng: &mut Rng,
    packages: u64,
    orders: u64,
    today: NaiveDate,
) -> vaultpick_core::CoreResult<()> {
    let per_sku = packages / PRODUCTS;
    store.write(|tx| {
        let mut product = tx.prepare(
            "INSERT INTO products (sku, brand, name, category, unit) VALUES (?1, 'Brand', ?2, 'vape', 'each')",
        )?;
        for s in 0..PRODUCTS {
            product.execute(params![format!("SKU{s:04}"), format!("Product {s}")])?;
        }
        let mut pkg = tx.prepare(
            "INSERT INTO packages (uid, sku, batch, packaged_on, expires_on, quantity, unit, state_quantity, location, status, qa, sealed)
             VALUES (?1, ?2, 'LOT', ?3, ?4, ?5, 'each', ?5, ?6, ?7, ?8, 1)",
        )?;
        for i in 0..packages {
            let sku = (i / per_sku).min(PRODUCTS - 1);
            let roll = rng.below(100);
            let status = if roll == 0 { "quarantined" } else if roll < 3 { "sold" } else { "active" };
            let qa = if roll == 5 { "pending" } else { "passed" };
            let expires = today + Duration::days(rng.below(400) as i64 - 20);
            pkg.execute(params![
                format!("PKG{i:08}"),
                format!("SKU{sku:04}"),
                (today - Duration::days(rng.below(200) as i64)).to_string(),
                expires.to_string(),
                50,
                format!("Vault {} · Bin {}", sku % 7, i % 40),
                status,
                qa
            ])?;
        }
        let mut order = tx.prepare(
            "INSERT INTO orders (pos_id, customer, channel, promised_at, express, status, received_at)
             VALUES (?1, 'Customer', 'pickup', '2026-11-26T16:00:00.000Z', 0, ?2, '2026-11-26T14:00:00.000Z')",
        )?;
        let mut line = tx.prepare("INSERT INTO order_lines (order_id, line_no, sku, amount, unit) VALUES (?1, ?2, ?3, ?4, 'each')")?;
        let mut pick = tx.prepare(
            "INSERT INTO picks (order_id, line_no, uid, amount, unit, agent, station, at)
             VALUES (?1, ?2, ?3, 1, 'each', 'a', 's', '2026-11-26T14:30:00.000Z')",
        )?;
        for o in 0..orders {
            let id = format!("ORD{o:07}");
            // Most of the day's history is closed; one order in twenty is still open and holds its picks.
            let status = if o % 20 == 0 { OrderStatus::Picking } else { OrderStatus::HandedOff };
            order.execute(params![id, status])?;
            for l in 1..=2 {
                let p = rng.below(packages);
                let sku = (p / per_sku).min(PRODUCTS - 1);
                line.execute(params![id, l, format!("SKU{sku:04}"), 1])?;
                pick.execute(params![id, l, format!("PKG{p:08}")])?;
            }
        }
        order.execute(params![BENCH_ORDER, OrderStatus::Queued])?;
        line.execute(params![BENCH_ORDER, 1, "SKU0000", 100_000])?;
        line.execute(params![BENCH_ORDER, 2, "SKU0001", 1])?;
        Ok(())
    })?;
    store.write(|tx| Ok(tx.execute_batch("ANALYZE")?))
}
