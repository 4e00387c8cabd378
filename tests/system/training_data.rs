//! Training mode's vault holds every situation a technician must learn, and is the same every time.

mod support;

use chrono::Duration;
use std::collections::BTreeSet;
use vaultpick_core::demo::{self, JANE_DOE_ORDER};
use vaultpick_core::domain::{Category, PackageStatus, QaStatus, QuantityUnit};
use vaultpick_core::store;

fn all_packages(t: &support::TempStore) -> Vec<vaultpick_core::domain::Package> {
    demo::products()
        .iter()
        .flat_map(|p| {
            t.store
                .read(|c| store::packages_for_sku(c, &p.sku))
                .expect("packages")
        })
        .collect()
}

#[test]
fn the_catalogue_covers_every_category_with_at_least_forty_products() {
    let products = demo::products();
    assert!(products.len() >= 40, "{} products", products.len());
    let categories: BTreeSet<&str> = products.iter().map(|p| p.category.as_str()).collect();
    assert_eq!(categories.len(), Category::ALL.len(), "{categories:?}");
    let skus: BTreeSet<&str> = products.iter().map(|p| p.sku.as_str()).collect();
    assert_eq!(skus.len(), products.len(), "SKUs must be unique");
}

#[test]
fn the_vault_holds_bulk_lots_expired_quarantined_qa_pending_and_one_state_discrepancy() {
    let t = support::temp_store();
    let clock = support::manual_clock();
    let seed = demo::seed_training(&t.store, &clock).expect("seed");
    let today = seed.date_naive();
    let packages = all_packages(&t);
    assert!(packages.len() >= 300, "{} packages", packages.len());
    assert!(
        packages
            .iter()
            .filter(|p| p.quantity.unit == QuantityUnit::Milligram)
            .count()
            >= 4
    );
    assert!(packages.iter().any(|p| p.is_expired(today)));
    assert!(
        packages
            .iter()
            .any(|p| p.status == PackageStatus::Quarantined)
    );
    assert!(packages.iter().any(|p| p.qa == QaStatus::Pending));
    let discrepancies: Vec<_> = packages
        .iter()
        .filter(|p| p.quantity.amount > 0 && p.state_quantity == Some(0))
        .collect();
    assert_eq!(
        discrepancies.len(),
        1,
        "exactly one package on the shelf but zero in the state system"
    );
    assert_eq!(
        discrepancies[0].uid,
        demo::training_uid(demo::DISCREPANCY_SERIAL)
    );
    let uids: BTreeSet<&str> = packages.iter().map(|p| p.uid.as_str()).collect();
    assert_eq!(uids.len(), packages.len());
    assert!(
        uids.iter()
            .all(|u| u.len() == 16 && u.bytes().all(|b| b.is_ascii_digit()))
    );
}

#[test]
fn every_line_of_jane_does_order_has_a_package_a_technician_can_pick() {
    let t = support::temp_store();
    let clock = support::manual_clock();
    let seed = demo::seed_training(&t.store, &clock).expect("seed");
    let jane = demo::orders(&demo::products(), seed)
        .into_iter()
        .find(|o| o.id == JANE_DOE_ORDER)
        .expect("Jane");
    assert_eq!(jane.customer_name, "Jane Doe");
    assert_eq!(jane.lines.len(), 3);
    for line in &jane.lines {
        let wanted = line.count.or(line.weight_mg).expect("a quantity");
        let usable = t
            .store
            .read(|c| store::packages_for_sku(c, &line.sku))
            .expect("packages")
            .into_iter()
            .filter(|p| p.status == PackageStatus::Active && p.qa == QaStatus::Passed)
            .filter(|p| {
                !p.is_expired(seed.date_naive()) && p.state_quantity == Some(p.quantity.amount)
            })
            .filter(|p| p.quantity.amount >= wanted)
            .count();
        assert!(usable >= 2, "{}: only {usable} usable packages", line.sku);
    }
}

#[test]
fn the_days_orders_span_all_channels_over_eight_hours() {
    let orders = demo::orders(&demo::products(), support::morning());
    assert!(orders.len() >= 25, "{} orders", orders.len());
    let channels: BTreeSet<&str> = orders.iter().map(|o| o.channel.as_str()).collect();
    assert_eq!(channels.len(), 3);
    let first = orders.iter().map(|o| o.promised_at).min().expect("orders");
    let last = orders.iter().map(|o| o.promised_at).max().expect("orders");
    assert!(
        last - first >= Duration::hours(8),
        "spread {}",
        last - first
    );
    assert!(orders.iter().any(|o| o.express));
    assert!(
        orders
            .iter()
            .filter(|o| o.lines.iter().any(|l| l.weight_mg.is_some()))
            .count()
            >= 3
    );
}

#[test]
fn seeding_is_deterministic_and_happens_once() {
    let a = support::temp_store();
    let b = support::temp_store();
    let clock = support::manual_clock();
    let seed_a = demo::seed_training(&a.store, &clock).expect("seed a");
    clock.advance(Duration::hours(3));
    assert_eq!(
        demo::seed_training(&a.store, &clock).expect("reseed a"),
        seed_a,
        "seed time is kept"
    );
    demo::seed_training(&b.store, &support::manual_clock()).expect("seed b");
    assert_eq!(all_packages(&a), all_packages(&b));
    assert_eq!(
        all_packages(&a).len(),
        demo::packages(&demo::products(), seed_a.date_naive()).len()
    );
}
