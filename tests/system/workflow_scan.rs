//! Picking by scan: every verdict, its next step and its own sound; sealed units; reservations held by
//! other (and paused) orders; the pick screen's suggestion.

mod support;
mod workflow_support;

use std::collections::HashSet;
use vaultpick_core::domain::OrderStatus::*;
use vaultpick_core::domain::{PackageStatus, QaStatus, Quantity, Uid};
use vaultpick_core::workflow::{Awaiting, ScanVerdict, SoundKey, WorkflowError};
use workflow_support::{AGENT, FLOWER, VAPE, Vault, settings, vault};

fn picking(v: &Vault, id: &str) {
    v.add_order(id, Queued);
    v.workflow().claim(id, AGENT).expect("claim");
}

fn uid(s: &str) -> Uid {
    Uid(s.into())
}

#[test]
fn each_refusal_has_its_verdict_next_step_and_sound() {
    let v = vault();
    v.mark_inventory_synced();
    picking(&v, "O1");
    let wf = v.workflow();
    let today = v.today();
    let cases: Vec<(&str, ScanVerdict)> = vec![
        (
            "BULK-1",
            ScanVerdict::WrongProduct {
                expected: "Brand Y — Vape Cartridge".into(),
                got: "Brand X — House Flower".into(),
            },
        ),
        (
            "VAPE-EXPIRED",
            ScanVerdict::Expired {
                uid: uid("VAPE-EXPIRED"),
                expired_on: today - chrono::Duration::days(2),
            },
        ),
        (
            "VAPE-QUAR",
            ScanVerdict::Quarantined {
                uid: uid("VAPE-QUAR"),
            },
        ),
        (
            "VAPE-QA",
            ScanVerdict::QaNotPassed {
                uid: uid("VAPE-QA"),
                qa: QaStatus::Pending,
            },
        ),
        (
            "VAPE-SOLD",
            ScanVerdict::NotActive {
                uid: uid("VAPE-SOLD"),
                status: PackageStatus::Sold,
            },
        ),
        (
            "VAPE-EMPTY",
            ScanVerdict::NotAvailableLocally {
                uid: uid("VAPE-EMPTY"),
                free: 0,
            },
        ),
        (
            "VAPE-STATE0",
            ScanVerdict::NotAvailableInStateSystem {
                uid: uid("VAPE-STATE0"),
                state_quantity: Some(0),
            },
        ),
        (
            "VAPE-UNLISTED",
            ScanVerdict::NotAvailableInStateSystem {
                uid: uid("VAPE-UNLISTED"),
                state_quantity: None,
            },
        ),
        (
            "NO-SUCH-UID",
            ScanVerdict::Unknown {
                scanned: "NO-SUCH-UID".into(),
            },
        ),
        // A maker's GS1 barcode (GTIN only) is not a package label.
        (
            "]C10109506000134352",
            ScanVerdict::Unknown {
                scanned: "]C10109506000134352".into(),
            },
        ),
    ];
    for (scanned, want) in &cases {
        let got = wf.scan("O1", Some(2), scanned, AGENT).expect("scan");
        assert_eq!(&got, want, "scan of {scanned}");
        assert!(got.is_refusal() && !got.is_accepted());
        assert!(!got.next_step().is_empty());
    }
    assert_eq!(
        v.count("SELECT COUNT(*) FROM picks"),
        0,
        "no refusal picked anything"
    );
    assert_eq!(
        v.count("SELECT COUNT(*) FROM scan_events WHERE refused = 1"),
        cases.len() as i64
    );
    assert_eq!(v.status("O1"), Picking, "the first scan starts picking");
}

#[test]
fn every_verdict_kind_has_a_distinct_sound() {
    let q = Quantity::units(1);
    let all = [
        ScanVerdict::Accepted {
            line_no: 1,
            uid: uid("A"),
            picked: q,
            wanted: q,
        },
        ScanVerdict::BulkReady {
            line_no: 1,
            uid: uid("A"),
            target: q,
        },
        ScanVerdict::NeedsSealCheck {
            line_no: 1,
            uid: uid("A"),
            expires_on: None,
        },
        ScanVerdict::SealRefused { uid: uid("A") },
        ScanVerdict::WrongProduct {
            expected: "x".into(),
            got: "y".into(),
        },
        ScanVerdict::Expired {
            uid: uid("A"),
            expired_on: chrono::NaiveDate::MIN,
        },
        ScanVerdict::Quarantined { uid: uid("A") },
        ScanVerdict::QaNotPassed {
            uid: uid("A"),
            qa: QaStatus::Failed,
        },
        ScanVerdict::NotActive {
            uid: uid("A"),
            status: PackageStatus::Destroyed,
        },
        ScanVerdict::NotAvailableLocally {
            uid: uid("A"),
            free: 0,
        },
        ScanVerdict::NotAvailableInStateSystem {
            uid: uid("A"),
            state_quantity: None,
        },
        ScanVerdict::Unknown {
            scanned: "?".into(),
        },
        ScanVerdict::OverScan {
            line_no: 1,
            wanted: q,
        },
        ScanVerdict::DuplicateScan { uid: uid("A") },
    ];
    let sounds: HashSet<SoundKey> = all.iter().map(|v| v.sound()).collect();
    assert_eq!(sounds.len(), all.len(), "one sound per verdict");
    let texts: HashSet<String> = all.iter().map(|v| v.next_step()).collect();
    assert_eq!(texts.len(), all.len(), "one next step per verdict");
}

#[test]
fn sealed_units_count_only_after_both_checks_and_over_and_duplicate_scans_are_refused() {
    let v = vault();
    picking(&v, "O1");
    let wf = v.workflow();
    let first = wf.scan("O1", Some(2), "VAPE-1\r\n", AGENT).expect("scan");
    assert!(
        matches!(first, ScanVerdict::NeedsSealCheck { line_no: 2, .. }),
        "{first:?}"
    );
    assert_eq!(
        v.count("SELECT COUNT(*) FROM picks"),
        0,
        "not counted before the check"
    );
    let snap = wf.pick_snapshot("O1").expect("snapshot");
    assert_eq!(
        snap.lines[1].awaiting,
        Some(Awaiting::SealCheck { uid: uid("VAPE-1") })
    );

    let refused = wf
        .confirm_sealed("O1", false, true, AGENT)
        .expect("confirm");
    assert_eq!(refused, ScanVerdict::SealRefused { uid: uid("VAPE-1") });
    assert_eq!(v.count("SELECT COUNT(*) FROM picks"), 0);
    assert!(
        matches!(
            wf.confirm_sealed("O1", true, true, AGENT),
            Err(WorkflowError::NotReady(_))
        ),
        "nothing pending now"
    );

    wf.scan("O1", Some(2), "VAPE-1", AGENT).expect("scan again");
    let ok = wf.confirm_sealed("O1", true, true, AGENT).expect("confirm");
    assert_eq!(
        ok,
        ScanVerdict::Accepted {
            line_no: 2,
            uid: uid("VAPE-1"),
            picked: Quantity::units(1),
            wanted: Quantity::units(1)
        }
    );
    // VAPE-1 holds one unit, now in the bin: scanning it again is a duplicate.
    assert_eq!(
        wf.scan("O1", Some(2), "VAPE-1", AGENT).expect("scan"),
        ScanVerdict::DuplicateScan { uid: uid("VAPE-1") }
    );
    // Another good cartridge for a full line is an over-scan.
    assert_eq!(
        wf.scan("O1", Some(2), "VAPE-2", AGENT).expect("scan"),
        ScanVerdict::OverScan {
            line_no: 2,
            wanted: Quantity::units(1)
        }
    );
    // Without a line number the scan finds its line by product: the edible line.
    let gummy = wf.scan("O1", None, "GUMMY-1", AGENT).expect("scan");
    assert!(
        matches!(gummy, ScanVerdict::NeedsSealCheck { line_no: 3, .. }),
        "{gummy:?}"
    );
}

#[test]
fn with_sealed_checks_off_a_good_scan_counts_at_once_and_bulk_opens_a_weighing() {
    let v = vault();
    picking(&v, "O1");
    let wf = v.workflow_with(vaultpick_core::workflow::WorkflowSettings {
        sealed_checks: false,
        ..settings()
    });
    for n in 1..=2 {
        let got = wf.scan("O1", Some(3), "GUMMY-1", AGENT).expect("scan");
        assert_eq!(
            got,
            ScanVerdict::Accepted {
                line_no: 3,
                uid: uid("GUMMY-1"),
                picked: Quantity::units(n),
                wanted: Quantity::units(2)
            }
        );
        assert_eq!(got.sound(), SoundKey::RightItem);
    }
    let bulk = wf.scan("O1", Some(1), "BULK-1", AGENT).expect("scan");
    assert_eq!(
        bulk,
        ScanVerdict::BulkReady {
            line_no: 1,
            uid: uid("BULK-1"),
            target: Quantity::milligrams(3_500)
        }
    );
    assert_eq!(
        v.count("SELECT COUNT(*) FROM picks"),
        2,
        "the bulk scan is not a pick yet"
    );
    let snap = wf.pick_snapshot("O1").expect("snapshot");
    assert_eq!(
        snap.lines[0].awaiting,
        Some(Awaiting::Weight {
            bulk_uid: uid("BULK-1")
        })
    );
    assert!(snap.lines[2].complete && !snap.lines[0].complete && !snap.ready_to_verify);
}

#[test]
fn picks_stay_reserved_while_paused_and_free_again_when_cancelled() {
    let v = vault();
    v.mark_inventory_synced();
    picking(&v, "HOLDER");
    picking(&v, "OTHER");
    let wf = v.workflow_with(vaultpick_core::workflow::WorkflowSettings {
        sealed_checks: false,
        ..settings()
    });
    wf.scan("HOLDER", Some(2), "VAPE-1", AGENT).expect("scan");
    wf.pause("HOLDER", "customer on the phone", AGENT)
        .expect("pause");
    assert_eq!(
        wf.scan("OTHER", Some(2), "VAPE-1", AGENT).expect("scan"),
        ScanVerdict::NotAvailableLocally {
            uid: uid("VAPE-1"),
            free: 0
        }
    );
    // The suggestion skips what the paused order holds: VAPE-2 is next (later expiry).
    let snap = wf.pick_snapshot("OTHER").expect("snapshot");
    let suggested = snap.lines[1].suggested.as_ref().expect("a suggestion");
    assert_eq!(suggested.uid, uid("VAPE-2"));
    assert_eq!(
        snap.lines[1].vault_location.as_deref(),
        Some(suggested.location.as_str())
    );

    assert_eq!(wf.resume("HOLDER", AGENT).expect("resume"), Picking);
    wf.cancel("HOLDER", "customer cancelled", AGENT)
        .expect("cancel");
    let freed = wf.scan("OTHER", Some(2), "VAPE-1", AGENT).expect("scan");
    assert!(freed.is_accepted(), "{freed:?}");
}

#[test]
fn the_suggestion_is_earliest_expiry_first_and_skips_what_a_scan_would_refuse() {
    let v = vault();
    v.mark_inventory_synced();
    picking(&v, "O1");
    let snap = v.workflow().pick_snapshot("O1").expect("snapshot");
    // VAPE-1 expires first (100 days) though VAPE-2 is older; expired, quarantined, QA-pending,
    // sold, empty and state-empty packages are never suggested.
    assert_eq!(
        snap.lines[1].suggested.as_ref().map(|s| s.uid.clone()),
        Some(uid("VAPE-1"))
    );
    assert_eq!(
        snap.lines[0].suggested.as_ref().map(|s| s.uid.clone()),
        Some(uid("BULK-1"))
    );
    assert_eq!(snap.lines[0].sku, FLOWER);
    assert_eq!(snap.lines[1].sku, VAPE);
}

#[test]
fn a_preview_records_nothing_and_scans_need_a_picking_order() {
    let v = vault();
    picking(&v, "O1");
    let wf = v.workflow();
    let seen = wf
        .preview_scan("O1", Some(2), "VAPE-QUAR")
        .expect("preview");
    assert_eq!(
        seen,
        ScanVerdict::Quarantined {
            uid: uid("VAPE-QUAR")
        }
    );
    assert_eq!(v.count("SELECT COUNT(*) FROM scan_events"), 0);
    v.add_order("WAITING", Queued);
    assert!(matches!(
        wf.scan("WAITING", None, "VAPE-1", AGENT),
        Err(WorkflowError::NotReady(_))
    ));
    assert!(matches!(
        wf.scan("O1", Some(9), "VAPE-1", AGENT),
        Err(WorkflowError::Invalid(_))
    ));
}
