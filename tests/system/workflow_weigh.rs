//! Weigh-out from bulk: only a stable, fresh reading within tolerance is taken, and taking it writes
//! the portion, the pick with its evidence, the bulk decrement and the outbox split in one go.

mod support;
mod workflow_support;

use chrono::Duration;
use vaultpick_core::domain::OrderStatus::*;
use vaultpick_core::domain::{Quantity, Uid};
use vaultpick_core::ports::TraceOp;
use vaultpick_core::workflow::{
    Awaiting, LabelCheck, PortionUid, WeighOutcome, WeighRefusal, WorkflowError,
};
use workflow_support::{AGENT, Vault, vault};

fn ready_to_weigh(v: &Vault) {
    v.add_order("W1", Queued);
    let wf = v.workflow();
    wf.claim("W1", AGENT).expect("claim");
    assert!(
        wf.scan("W1", Some(1), "BULK-1", AGENT)
            .expect("scan bulk")
            .is_accepted()
    );
}

fn provisional(s: &str) -> PortionUid {
    PortionUid::Provisional(Uid(s.into()))
}

#[test]
fn unstable_stale_and_out_of_tolerance_readings_are_refused_with_the_reason() {
    let v = vault();
    ready_to_weigh(&v);
    let wf = v.workflow();
    let weigh = |net, stable, age| {
        wf.weigh_out(
            "W1",
            1,
            &v.reading(net, stable, age),
            provisional("P-1"),
            AGENT,
        )
        .expect("weigh")
    };
    assert_eq!(
        weigh(3_500, false, Duration::zero()),
        WeighOutcome::Refused(WeighRefusal::Unstable)
    );
    assert_eq!(
        weigh(3_500, true, Duration::seconds(6)),
        WeighOutcome::Refused(WeighRefusal::Stale {
            age_ms: 6_000,
            max_ms: 5_000
        })
    );
    // A reading stamped in the future (clock skew) is not fresh either.
    assert!(matches!(
        weigh(3_500, true, Duration::seconds(-6)),
        WeighOutcome::Refused(WeighRefusal::Stale { .. })
    ));
    // e = 10 mg, ±1 e: 3.49 and 3.51 g pass, 3.489 g and 3.511 g do not.
    for net in [3_489, 3_511, 0, -3_500] {
        let got = weigh(net, true, Duration::zero());
        assert_eq!(
            got,
            WeighOutcome::Refused(WeighRefusal::OutOfTolerance {
                net: Quantity::milligrams(net),
                target: Quantity::milligrams(3_500),
                tolerance: Quantity::milligrams(10),
            }),
            "{net} mg"
        );
        assert!(!got.next_step().is_empty());
    }
    assert_eq!(v.count("SELECT COUNT(*) FROM outbox"), 0);
    assert_eq!(v.count("SELECT COUNT(*) FROM picks"), 0);
    assert_eq!(
        v.package("BULK-1").quantity,
        Quantity::milligrams(100_000),
        "bulk untouched"
    );
    assert_eq!(
        v.count("SELECT COUNT(*) FROM scan_events WHERE phase = 'weigh' AND refused = 1"),
        7,
        "each refusal is counted"
    );
}

#[test]
fn an_accepted_weight_writes_portion_pick_evidence_decrement_and_split_together() {
    let v = vault();
    ready_to_weigh(&v);
    let wf = v.workflow();
    let input = v.reading(3_510, true, Duration::milliseconds(800));
    let got = wf
        .weigh_out("W1", 1, &input, provisional("PORTION-1"), AGENT)
        .expect("weigh");
    assert_eq!(
        got,
        WeighOutcome::Recorded {
            line_no: 1,
            portion_uid: Uid("PORTION-1".into()),
            net: Quantity::milligrams(3_510),
            provisional: true
        }
    );
    let portion = v.package("PORTION-1");
    assert_eq!(
        (portion.sku.as_str(), portion.quantity),
        ("FL-BULK", Quantity::milligrams(3_510))
    );
    assert_eq!(
        portion.batch,
        v.package("BULK-1").batch,
        "the portion keeps the lot"
    );
    assert_eq!(v.package("BULK-1").quantity, Quantity::milligrams(96_490));
    let evidence: (i64, i64, i64, String, String) = v
        .store
        .read(|c| {
            Ok(c.query_row(
                "SELECT gross_mg, tare_mg, net_mg, raw, scale_id FROM weighings WHERE portion_uid = 'PORTION-1'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )?)
        })
        .expect("weighing row");
    assert_eq!(
        evidence,
        (
            15_850,
            12_340,
            3_510,
            input.reading.raw.clone(),
            "SCALE-0042".into()
        )
    );
    assert_eq!(
        v.outbox(),
        vec![(
            "BULK-1".to_owned(),
            TraceOp::Split {
                from: Uid("BULK-1".into()),
                quantity: Quantity::milligrams(3_510),
                new_uid: None
            }
        )],
        "a provisional id lets the state system mint the real one"
    );
    // The line waits for the label to be scanned back.
    let snap = wf.pick_snapshot("W1").expect("snapshot");
    assert_eq!(
        snap.lines[0].awaiting,
        Some(Awaiting::Label {
            portion_uid: Uid("PORTION-1".into())
        })
    );
    assert!(!snap.lines[0].complete);
    let wrong = wf
        .confirm_portion_label("W1", 1, "PORTION-2", AGENT)
        .expect("label");
    assert_eq!(
        wrong,
        LabelCheck::Mismatch {
            expected: Uid("PORTION-1".into()),
            got: "PORTION-2".into()
        }
    );
    assert!(!wf.pick_snapshot("W1").expect("snapshot").lines[0].complete);
    assert_eq!(
        wf.confirm_portion_label("W1", 1, "]C0PORTION-1\r\n", AGENT)
            .expect("label"),
        LabelCheck::Matches {
            uid: Uid("PORTION-1".into())
        }
    );
    assert!(wf.pick_snapshot("W1").expect("snapshot").lines[0].complete);
    // Weighing again, or scanning the portion, is refused; the bulk line is done.
    assert!(matches!(
        wf.scan("W1", Some(1), "BULK-1", AGENT).expect("scan"),
        vaultpick_core::workflow::ScanVerdict::OverScan { .. }
    ));
    assert!(matches!(
        wf.scan("W1", Some(1), "PORTION-1", AGENT).expect("scan"),
        vaultpick_core::workflow::ScanVerdict::DuplicateScan { .. }
    ));
}

#[test]
fn a_weight_needs_a_scanned_bulk_package_and_a_free_portion_id() {
    let v = vault();
    v.add_order("W2", Queued);
    let wf = v.workflow();
    wf.claim("W2", AGENT).expect("claim");
    wf.start_picking("W2", AGENT).expect("start");
    let reading = v.reading(3_500, true, Duration::zero());
    assert_eq!(
        wf.weigh_out("W2", 1, &reading, provisional("P-9"), AGENT)
            .expect("weigh"),
        WeighOutcome::Refused(WeighRefusal::NoBulkScanned)
    );
    assert!(
        matches!(
            wf.weigh_out("W2", 2, &reading, provisional("P-9"), AGENT),
            Err(WorkflowError::Invalid(_))
        ),
        "line 2 is counted"
    );
    wf.scan("W2", Some(1), "BULK-1", AGENT).expect("scan");
    assert_eq!(
        wf.weigh_out("W2", 1, &reading, provisional("VAPE-1"), AGENT)
            .expect("weigh"),
        WeighOutcome::Refused(WeighRefusal::PortionUidTaken {
            uid: Uid("VAPE-1".into())
        })
    );
    assert!(matches!(
        wf.confirm_portion_label("W2", 1, "X", AGENT),
        Err(WorkflowError::NotReady(_))
    ));
}

#[test]
fn an_offline_weigh_out_takes_a_pre_assigned_id_in_the_same_transaction() {
    let v = vault();
    ready_to_weigh(&v);
    let wf = v.workflow();
    let reading = v.reading(3_500, true, Duration::zero());
    // Pool empty: refused with words, nothing written.
    let empty = wf
        .weigh_out("W1", 1, &reading, PortionUid::FromPool, AGENT)
        .expect("weigh");
    assert!(
        matches!(&empty, WeighOutcome::Refused(WeighRefusal::NoPortionUid { why }) if why.contains("pre-assigned")),
        "{empty:?}"
    );
    assert_eq!(v.count("SELECT COUNT(*) FROM outbox"), 0);
    v.fill_pool(&["6647129000000002", "6647129000000001"]);
    let got = wf
        .weigh_out("W1", 1, &reading, PortionUid::FromPool, AGENT)
        .expect("weigh");
    let new_uid = Uid("6647129000000001".into());
    assert_eq!(
        got,
        WeighOutcome::Recorded {
            line_no: 1,
            portion_uid: new_uid.clone(),
            net: Quantity::milligrams(3_500),
            provisional: false
        }
    );
    assert_eq!(
        v.outbox(),
        vec![(
            "BULK-1".to_owned(),
            TraceOp::Split {
                from: Uid("BULK-1".into()),
                quantity: Quantity::milligrams(3_500),
                new_uid: Some(new_uid.clone())
            }
        )]
    );
    assert_eq!(
        v.count(
            "SELECT COUNT(*) FROM uid_pool WHERE taken_at IS NOT NULL AND taken_by_op IS NOT NULL"
        ),
        1
    );
    assert_eq!(
        v.package(new_uid.as_str()).quantity,
        Quantity::milligrams(3_500)
    );
}
