//! Service test: Jane Doe's whole order on a real SQLite file with the training data — claim by ticket,
//! weigh out 3.50 g of Brand X (one unstable reading refused), pick the Brand Y cartridge (one wrong
//! item refused on the way) and two Brand Z edibles with their seal checks, verify blind, commit, stage,
//! hand off — then the outbox holds the split and the moves, each exactly once. Also the training
//! day's discrepancy drill.

mod support;

use chrono::Duration;
use rusqlite::params;
use vaultpick_core::demo::{self, DISCREPANCY_ORDER, JANE_DOE_ORDER, TrainingFeed};
use vaultpick_core::domain::OrderStatus::*;
use vaultpick_core::domain::{PackageStatus, Quantity, Uid};
use vaultpick_core::ports::{ScaleReading, TraceOp};
use vaultpick_core::workflow::{
    LabelCheck, PortionUid, ScanVerdict, Tolerance, WeighInput, WeighOutcome, WeighRefusal,
    Workflow, WorkflowSettings, speed_stats,
};
use vaultpick_core::{Clock, ManualClock, Store, pos_sync};

const AGENT: &str = "badge-1017";
const PENDING_SALE: i64 = 7;
const VAULT: i64 = 3;
const QUARANTINE: i64 = 9;

struct Training {
    _dir: tempfile::TempDir,
    store: Store,
    clock: ManualClock,
}

fn training_day() -> Training {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_in(dir.path()).expect("open store");
    let clock = support::manual_clock();
    let seed = demo::seed_training(&store, &clock).expect("seed");
    let report = pos_sync::poll_pos(&store, &TrainingFeed::new(seed), &clock).expect("poll POS");
    assert!(
        report.added.contains(&JANE_DOE_ORDER.to_owned()),
        "{report:?}"
    );
    Training {
        _dir: dir,
        store,
        clock,
    }
}

fn outbox(store: &Store) -> Vec<TraceOp> {
    store
        .read(|c| {
            let mut stmt = c.prepare("SELECT op FROM outbox ORDER BY id")?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .expect("outbox")
        .iter()
        .map(|j| serde_json::from_str(j).expect("op JSON"))
        .collect()
}

fn reading(clock: &ManualClock, net_mg: i64, stable: bool) -> WeighInput {
    WeighInput {
        reading: ScaleReading {
            net_mg,
            stable,
            at: clock.now(),
            raw: format!(
                "S {} {:>8.2} g",
                if stable { 'S' } else { 'D' },
                net_mg as f64 / 1000.0
            ),
        },
        tare_mg: 9_870,
        scale_id: "OHAUS-B123456789".into(),
        tolerance: Tolerance::one_e(10),
        max_age: Duration::seconds(3),
    }
}

#[test]
fn jane_does_order_from_ticket_to_hand_off() {
    let t = training_day();
    let wf = Workflow::new(
        &t.store,
        &t.clock,
        WorkflowSettings::new("VAULT-STATION-2", PENDING_SALE, VAULT, QUARANTINE),
    );
    let mut inputs = 0; // scans + confirmations a technician makes

    // Offline weigh-out: the pool holds a pre-assigned id.
    t.store
        .write(|tx| {
            // One for the weigh-out, two for the vape and gummies split off their lots at commit.
            for id in ["6647128000000001", "6647128000000002", "6647128000000003"] {
                tx.execute("INSERT INTO uid_pool (uid, fetched_at) VALUES (?1, '2026-11-26T14:00:00.000Z')", params![id])?;
            }
            Ok(())
        })
        .expect("pool");

    assert_eq!(
        wf.claim_by_ticket(&format!("]C0{JANE_DOE_ORDER}\r\n"), AGENT)
            .expect("claim"),
        JANE_DOE_ORDER
    );
    inputs += 1;
    let snap = wf.pick_snapshot(JANE_DOE_ORDER).expect("snapshot");
    assert_eq!(snap.customer, "Jane Doe");
    assert_eq!(snap.lines.len(), 3);
    let suggested: Vec<Uid> = snap
        .lines
        .iter()
        .map(|l| {
            l.suggested
                .as_ref()
                .expect("every line has a package")
                .uid
                .clone()
        })
        .collect();
    assert!(snap.lines.iter().all(|l| l.vault_location.is_some()));
    let (flower, cart, edible) = (&snap.lines[0], &snap.lines[1], &snap.lines[2]);
    assert_eq!(
        (flower.sku.as_str(), flower.wanted),
        (demo::BRAND_X_BULK_FLOWER, Quantity::milligrams(3_500))
    );
    assert_eq!(
        (cart.sku.as_str(), cart.wanted),
        (demo::BRAND_Y_CARTRIDGE, Quantity::units(1))
    );
    assert_eq!(
        (edible.sku.as_str(), edible.wanted),
        (demo::BRAND_Z_EDIBLES, Quantity::units(2))
    );

    // Flower: scan the bulk lot, one unstable reading refused, then 3.50 g stable.
    let bulk_before = t
        .store
        .read(|c| vaultpick_core::store::load_package(c, suggested[0].as_str()))
        .expect("read")
        .expect("bulk");
    assert!(matches!(
        wf.scan(JANE_DOE_ORDER, Some(1), suggested[0].as_str(), AGENT)
            .expect("scan"),
        ScanVerdict::BulkReady { .. }
    ));
    inputs += 1;
    assert_eq!(
        wf.weigh_out(
            JANE_DOE_ORDER,
            1,
            &reading(&t.clock, 3_470, false),
            PortionUid::FromPool,
            AGENT
        )
        .expect("weigh"),
        WeighOutcome::Refused(WeighRefusal::Unstable)
    );
    t.clock.advance(Duration::seconds(2));
    let weighed = wf
        .weigh_out(
            JANE_DOE_ORDER,
            1,
            &reading(&t.clock, 3_500, true),
            PortionUid::FromPool,
            AGENT,
        )
        .expect("weigh");
    inputs += 1; // CONFIRM the weight
    let WeighOutcome::Recorded { portion_uid, .. } = weighed else {
        panic!("weight refused: {weighed:?}")
    };
    assert_eq!(portion_uid.as_str(), "6647128000000001");
    assert_eq!(
        wf.confirm_portion_label(JANE_DOE_ORDER, 1, portion_uid.as_str(), AGENT)
            .expect("label"),
        LabelCheck::Matches {
            uid: portion_uid.clone()
        }
    );
    inputs += 1;

    // Cartridge: the edible scanned for the cartridge line is refused; then the cartridge, seal-checked.
    let wrong = wf
        .scan(JANE_DOE_ORDER, Some(2), suggested[2].as_str(), AGENT)
        .expect("scan");
    assert!(
        matches!(wrong, ScanVerdict::WrongProduct { .. }),
        "{wrong:?}"
    );
    inputs += 1;
    for (line, uid) in [(2, &suggested[1]), (3, &suggested[2]), (3, &suggested[2])] {
        assert!(matches!(
            wf.scan(JANE_DOE_ORDER, Some(line), uid.as_str(), AGENT)
                .expect("scan"),
            ScanVerdict::NeedsSealCheck { .. }
        ));
        assert!(
            wf.confirm_sealed(JANE_DOE_ORDER, true, true, AGENT)
                .expect("confirm")
                .is_accepted()
        );
        inputs += 2;
    }
    assert!(
        wf.pick_snapshot(JANE_DOE_ORDER)
            .expect("snapshot")
            .ready_to_verify
    );

    // Verify blind, commit, stage, hand off.
    let view = wf.start_verify(JANE_DOE_ORDER, AGENT).expect("verify");
    assert!(view.remaining.is_none(), "blind by default");
    inputs += 1;
    for uid in [&portion_uid, &suggested[2], &suggested[1], &suggested[2]] {
        assert!(matches!(
            wf.verify_scan(JANE_DOE_ORDER, uid.as_str(), AGENT)
                .expect("verify"),
            vaultpick_core::workflow::VerifyVerdict::Matched { .. }
        ));
        inputs += 1;
    }
    assert!(wf.verify_view(JANE_DOE_ORDER).expect("view").complete);
    let receipt = wf
        .commit_and_stage(JANE_DOE_ORDER, "STAGING-B4", AGENT)
        .expect("commit");
    inputs += 1;
    assert_eq!(
        wf.hand_off(JANE_DOE_ORDER, AGENT).expect("hand off"),
        HandedOff
    );
    inputs += 1;

    // The state system will hear of each split and each move exactly once. The vape and the two
    // gummies come from multi-unit lots: those units are split off first, and the new lots move.
    assert_eq!(
        receipt
            .split_off
            .iter()
            .map(|s| (s.from.clone(), s.units))
            .collect::<Vec<_>>(),
        {
            let mut lots = vec![(suggested[1].clone(), 1), (suggested[2].clone(), 2)];
            lots.sort();
            lots
        }
    );
    let mut want = vec![TraceOp::Split {
        from: suggested[0].clone(),
        quantity: Quantity::milligrams(3_500),
        new_uid: Some(portion_uid.clone()),
    }];
    let mut in_bin = vec![
        portion_uid.clone(),
        suggested[1].clone(),
        suggested[2].clone(),
    ];
    in_bin.sort();
    for u in in_bin {
        match receipt.split_off.iter().find(|s| s.from == u) {
            Some(s) => {
                want.push(TraceOp::Split {
                    from: u.clone(),
                    quantity: Quantity::units(s.units),
                    new_uid: Some(s.into.clone()),
                });
                want.push(TraceOp::Move {
                    uid: s.into.clone(),
                    room: PENDING_SALE,
                });
            }
            None => want.push(TraceOp::Move {
                uid: u.clone(),
                room: PENDING_SALE,
            }),
        }
    }
    assert_eq!(outbox(&t.store), want);
    assert_eq!(receipt.moved.len(), 3);
    for uid in &receipt.moved {
        let p = t
            .store
            .read(|c| vaultpick_core::store::load_package(c, uid.as_str()))
            .expect("read")
            .expect("package");
        assert_eq!(
            (p.status, p.location.as_str()),
            (PackageStatus::PendingSale, "STAGING-B4"),
            "{uid}"
        );
    }
    let bulk_after = t
        .store
        .read(|c| vaultpick_core::store::load_package(c, suggested[0].as_str()))
        .expect("read")
        .expect("bulk");
    assert_eq!(
        bulk_after.quantity.amount,
        bulk_before.quantity.amount - 3_500
    );
    let history: Vec<_> = wf
        .history(JANE_DOE_ORDER)
        .expect("history")
        .into_iter()
        .map(|h| h.to)
        .collect();
    assert_eq!(
        history,
        vec![Claimed, Picking, Verifying, Staged, HandedOff]
    );
    let stats = speed_stats(
        &t.store,
        t.clock.now() - Duration::hours(1),
        t.clock.now(),
        Some(AGENT),
    )
    .expect("stats");
    assert_eq!((stats.orders, stats.refusals), (1, 2), "{stats:?}");
    println!(
        "Jane Doe's order: {inputs} technician inputs (scans and confirmations), {} scans logged, {} refused",
        stats.scans, stats.refusals
    );
}

#[test]
fn the_training_days_discrepancy_drill_quarantines_the_empty_lot_and_pauses_the_order() {
    let t = training_day();
    let wf = Workflow::new(
        &t.store,
        &t.clock,
        WorkflowSettings::new("VAULT-STATION-2", PENDING_SALE, VAULT, QUARANTINE),
    );
    wf.claim(DISCREPANCY_ORDER, AGENT).expect("claim");
    let empty = demo::training_uid(demo::DISCREPANCY_SERIAL);
    let verdict = wf
        .scan(DISCREPANCY_ORDER, Some(1), empty.as_str(), AGENT)
        .expect("scan");
    assert_eq!(
        verdict,
        ScanVerdict::NotAvailableInStateSystem {
            uid: empty.clone(),
            state_quantity: Some(0)
        }
    );
    let report = wf
        .report_state_discrepancy(DISCREPANCY_ORDER, empty.as_str(), AGENT)
        .expect("report");
    assert!(report.order_paused);
    assert_eq!(
        outbox(&t.store),
        vec![TraceOp::Move {
            uid: empty.clone(),
            room: QUARANTINE
        }]
    );
    let p = t
        .store
        .read(|c| vaultpick_core::store::load_package(c, empty.as_str()))
        .expect("read")
        .expect("package");
    assert_eq!(p.status, PackageStatus::Quarantined);
    assert_eq!(
        vaultpick_core::workflow::notifications(&t.store, false)
            .expect("notifications")
            .len(),
        1
    );
    // The suggestion for the line no longer offers the empty lot.
    let snap = wf.pick_snapshot(DISCREPANCY_ORDER).expect("snapshot");
    assert_ne!(
        snap.lines[0].suggested.as_ref().map(|s| &s.uid),
        Some(&empty)
    );
}
