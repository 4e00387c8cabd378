//! Verify (blind by default), commit to pending sale in one transaction (units taken from a larger
//! lot split off first), stage, hand off, cancel.

mod support;
mod workflow_support;

use chrono::Duration;
use vaultpick_core::domain::OrderStatus::*;
use vaultpick_core::domain::{PackageStatus, Quantity, Uid};
use vaultpick_core::ports::TraceOp;
use vaultpick_core::workflow::{
    PortionUid, SplitOff, VerifyItem, VerifyVerdict, Workflow, WorkflowError, WorkflowSettings,
};
use workflow_support::{AGENT, PENDING_SALE_ROOM, VAULT_ROOM, Vault, settings, vault};

fn uid(s: &str) -> Uid {
    Uid(s.into())
}

fn quick(v: &Vault, blind: bool) -> Workflow<'_> {
    v.workflow_with(WorkflowSettings {
        sealed_checks: false,
        blind_verify: blind,
        ..settings()
    })
}

/// Picks the standard order completely: a 3.50 g portion P-1, VAPE-1, and two units of GUMMY-1.
fn picked(v: &Vault, wf: &Workflow<'_>, id: &str) {
    v.add_order(id, Queued);
    wf.claim(id, AGENT).expect("claim");
    wf.scan(id, Some(1), "BULK-1", AGENT).expect("bulk");
    let w = wf
        .weigh_out(
            id,
            1,
            &v.reading(3_500, true, Duration::zero()),
            PortionUid::Provisional(uid("P-1")),
            AGENT,
        )
        .expect("weigh");
    assert!(
        matches!(w, vaultpick_core::workflow::WeighOutcome::Recorded { .. }),
        "{w:?}"
    );
    wf.confirm_portion_label(id, 1, "P-1", AGENT)
        .expect("label");
    for (line, u) in [(2, "VAPE-1"), (3, "GUMMY-1"), (3, "GUMMY-1")] {
        assert!(
            wf.scan(id, Some(line), u, AGENT)
                .expect("scan")
                .is_accepted()
        );
    }
}

/// Everything in the standard bin, in an order unlike the pick order.
const BIN: [&str; 4] = ["GUMMY-1", "VAPE-1", "P-1", "GUMMY-1"];

/// Scans the whole bin in the current verification pass.
fn scan_bin(wf: &Workflow<'_>, id: &str) {
    for u in BIN {
        let got = wf.verify_scan(id, u, AGENT).expect("verify scan");
        assert_eq!(got, VerifyVerdict::Matched { uid: uid(u) });
    }
}

#[test]
fn verify_cannot_start_before_every_line_is_done() {
    let v = vault();
    let wf = quick(&v, true);
    v.add_order("EARLY", Queued);
    wf.claim("EARLY", AGENT).expect("claim");
    wf.start_picking("EARLY", AGENT).expect("start");
    let err = wf
        .start_verify("EARLY", AGENT)
        .expect_err("line 1 not done");
    assert!(
        matches!(&err, WorkflowError::NotReady(t) if t.contains("line 1")),
        "{err}"
    );
    assert_eq!(v.status("EARLY"), Picking);
}

#[test]
fn a_blind_pass_hides_what_remains_flags_extras_and_reveals_missing_when_finished() {
    let v = vault();
    let wf = quick(&v, true);
    picked(&v, &wf, "V1");
    let view = wf.start_verify("V1", AGENT).expect("verify");
    assert!(
        view.blind && view.remaining.is_none() && view.expected_total.is_none(),
        "{view:?}"
    );
    assert_eq!(
        wf.verify_scan("V1", "P-1", AGENT).expect("scan"),
        VerifyVerdict::Matched { uid: uid("P-1") }
    );
    assert_eq!(
        wf.verify_scan("V1", "GUMMY-1", AGENT).expect("scan"),
        VerifyVerdict::Matched {
            uid: uid("GUMMY-1")
        }
    );
    // VAPE-2 was never picked: extra, flagged at once.
    assert_eq!(
        wf.verify_scan("V1", "VAPE-2", AGENT).expect("scan"),
        VerifyVerdict::Extra { uid: uid("VAPE-2") }
    );
    assert!(matches!(
        wf.verify_scan("V1", "garbage!", AGENT).expect("scan"),
        VerifyVerdict::Unknown { .. }
    ));
    let view = wf.verify_view("V1").expect("view");
    assert_eq!(
        (view.matched, view.extra.clone(), view.remaining.clone()),
        (2, vec![uid("VAPE-2")], None)
    );
    let view = wf.finish_verify_pass("V1", AGENT).expect("finish");
    assert_eq!(
        view.remaining,
        Some(vec![
            VerifyItem {
                uid: uid("GUMMY-1"),
                description: "Brand Z — Gummies".into(),
                count: 1
            },
            VerifyItem {
                uid: uid("VAPE-1"),
                description: "Brand Y — Vape Cartridge".into(),
                count: 1
            },
        ])
    );
    assert!(!view.complete);
    let err = wf
        .commit_and_stage("V1", "SHELF-3", AGENT)
        .expect_err("incomplete");
    assert!(matches!(err, WorkflowError::NotReady(_)), "{err}");
    assert_eq!(
        v.status("V1"),
        Verifying,
        "the refused commit rolled the transition back"
    );
    assert_eq!(
        v.count("SELECT COUNT(*) FROM outbox WHERE op LIKE '%\"move\"%'"),
        0
    );

    // A fresh pass with the extra item gone and everything scanned is a complete match.
    let view = wf.restart_verify("V1", AGENT).expect("restart");
    assert_eq!((view.pass, view.matched, view.extra.len()), (2, 0, 0));
    scan_bin(&wf, "V1");
    // A third GUMMY-1 is one more than was picked.
    assert_eq!(
        wf.verify_scan("V1", "GUMMY-1", AGENT).expect("scan"),
        VerifyVerdict::Extra {
            uid: uid("GUMMY-1")
        }
    );
    assert!(!wf.verify_view("V1").expect("view").complete);
    wf.restart_verify("V1", AGENT).expect("restart");
    scan_bin(&wf, "V1");
    let view = wf.verify_view("V1").expect("view");
    assert!(
        view.complete && view.remaining == Some(Vec::new()) && view.expected_total == Some(4),
        "{view:?}"
    );
}

#[test]
fn with_blind_verify_off_the_remaining_items_show_from_the_start() {
    let v = vault();
    let wf = quick(&v, false);
    picked(&v, &wf, "V2");
    let view = wf.start_verify("V2", AGENT).expect("verify");
    assert_eq!(view.expected_total, Some(4));
    assert_eq!(view.remaining.map(|r| r.len()), Some(3));
}

#[test]
fn commit_writes_status_pending_sale_and_exactly_one_move_per_package_in_one_transaction() {
    let v = vault();
    let wf = quick(&v, true);
    picked(&v, &wf, "C1");
    wf.start_verify("C1", AGENT).expect("verify");
    scan_bin(&wf, "C1");
    let before = v.outbox();
    assert_eq!(before.len(), 1, "only the split so far");
    // The order takes 2 of GUMMY-1's 10 units: they are split off under a pre-assigned id.
    v.fill_pool(&["POOL-1"]);
    let receipt = wf
        .commit_and_stage("C1", "]C0SHELF-3\r", AGENT)
        .expect("commit");
    assert_eq!(receipt.staging_location, "SHELF-3");
    assert_eq!(
        receipt.moved,
        vec![uid("POOL-1"), uid("P-1"), uid("VAPE-1")]
    );
    assert_eq!(
        receipt.split_off,
        vec![SplitOff {
            from: uid("GUMMY-1"),
            into: uid("POOL-1"),
            units: 2
        }]
    );
    let after = v.outbox();
    let queued: Vec<TraceOp> = after[before.len()..]
        .iter()
        .map(|(_, op)| op.clone())
        .collect();
    let mut want = vec![TraceOp::Split {
        from: uid("GUMMY-1"),
        quantity: Quantity::units(2),
        new_uid: Some(uid("POOL-1")),
    }];
    want.extend(["POOL-1", "P-1", "VAPE-1"].iter().map(|u| TraceOp::Move {
        uid: uid(u),
        room: PENDING_SALE_ROOM,
    }));
    assert_eq!(queued, want);
    assert_eq!(receipt.outbox_ops.len(), 4);
    assert_eq!(v.status("C1"), Staged);
    for u in ["POOL-1", "P-1", "VAPE-1"] {
        let p = v.package(u);
        assert_eq!(
            (p.status, p.location.as_str()),
            (PackageStatus::PendingSale, "SHELF-3"),
            "{u}"
        );
    }
    let split = v.package("POOL-1");
    let rest = v.package("GUMMY-1");
    assert_eq!(
        (split.quantity, split.sku.as_str(), split.batch.as_str()),
        (Quantity::units(2), rest.sku.as_str(), rest.batch.as_str())
    );
    assert_eq!(
        (rest.status, rest.quantity),
        (PackageStatus::Active, Quantity::units(8)),
        "the rest of the lot stays in the vault for other orders"
    );
    // Committing twice is refused by the state machine and adds nothing.
    assert!(matches!(
        wf.commit_and_stage("C1", "SHELF-3", AGENT),
        Err(WorkflowError::IllegalTransition { .. })
    ));
    assert_eq!(v.outbox().len(), after.len());
    assert_eq!(wf.hand_off("C1", AGENT).expect("hand off"), HandedOff);
}

#[test]
fn with_no_preassigned_id_to_split_a_lot_the_commit_is_refused_and_changes_nothing() {
    let v = vault();
    let wf = quick(&v, true);
    picked(&v, &wf, "C3");
    wf.start_verify("C3", AGENT).expect("verify");
    scan_bin(&wf, "C3");
    let before = v.outbox();
    let refused = wf.commit_and_stage("C3", "SHELF-3", AGENT);
    assert!(
        matches!(&refused, Err(WorkflowError::NotReady(m)) if m.contains("2 of the 10 units in GUMMY-1")),
        "{refused:?}"
    );
    assert_eq!(v.status("C3"), Verifying);
    assert_eq!(v.outbox(), before);
    assert_eq!(v.package("GUMMY-1").quantity, Quantity::units(10));
    assert_eq!(v.package("VAPE-1").status, PackageStatus::Active);
    // Once BioTrack has handed out ids, the same scan commits.
    v.fill_pool(&["POOL-9"]);
    wf.commit_and_stage("C3", "SHELF-3", AGENT).expect("commit");
    assert_eq!(v.status("C3"), Staged);
}

#[test]
fn cancelling_a_staged_order_queues_moves_back_to_the_vault_and_reactivates_the_packages() {
    let v = vault();
    let wf = quick(&v, true);
    let vault_location = v.package("VAPE-1").location;
    picked(&v, &wf, "C2");
    wf.start_verify("C2", AGENT).expect("verify");
    scan_bin(&wf, "C2");
    v.fill_pool(&["POOL-1"]);
    let gummy_location = v.package("GUMMY-1").location;
    wf.commit_and_stage("C2", "SHELF-1", AGENT).expect("commit");
    let staged_ops = v.outbox().len();
    let back = wf.cancel("C2", "customer no-show", AGENT).expect("cancel");
    assert_eq!(
        back.returned,
        vec![uid("P-1"), uid("POOL-1"), uid("VAPE-1")]
    );
    assert_eq!(
        back.split_off,
        vec![uid("POOL-1")],
        "only the split-off lot"
    );
    let ops = v.outbox();
    assert_eq!(
        ops[staged_ops..]
            .iter()
            .map(|(_, op)| op.clone())
            .collect::<Vec<_>>(),
        back.returned
            .iter()
            .map(|u| TraceOp::Move {
                uid: u.clone(),
                room: VAULT_ROOM
            })
            .collect::<Vec<_>>()
    );
    let p = v.package("VAPE-1");
    assert_eq!(
        (p.status, p.location),
        (PackageStatus::Active, vault_location)
    );
    // The units split off for the order go back as their own lot, where the gummies were.
    let split = v.package("POOL-1");
    assert_eq!(
        (split.status, split.location),
        (PackageStatus::Active, gummy_location)
    );
    assert_eq!(v.status("C2"), Cancelled);
    assert!(wf.cancel("C2", "again", AGENT).is_err());
}

#[test]
fn pause_and_resume_return_to_the_same_step_and_cancelling_before_staging_moves_nothing() {
    let v = vault();
    let wf = quick(&v, true);
    picked(&v, &wf, "P1");
    wf.start_verify("P1", AGENT).expect("verify");
    assert!(
        matches!(wf.pause("P1", "  ", AGENT), Err(WorkflowError::Invalid(_))),
        "a reason is required"
    );
    wf.pause("P1", "fire drill", AGENT).expect("pause");
    let o = v
        .store
        .read(|c| vaultpick_core::store::load_order(c, "P1"))
        .expect("read")
        .expect("order");
    assert_eq!(
        (o.status, o.pause_reason.as_deref()),
        (Paused, Some("fire drill"))
    );
    assert_eq!(wf.resume("P1", "badge-9").expect("resume"), Verifying);
    let o = v
        .store
        .read(|c| vaultpick_core::store::load_order(c, "P1"))
        .expect("read")
        .expect("order");
    assert_eq!(
        (o.claimed_by.as_deref(), o.pause_reason),
        (Some("badge-9"), None)
    );
    assert_eq!(wf.back_to_picking("P1", AGENT).expect("back"), Picking);
    let ops = v.outbox().len();
    assert_eq!(
        wf.cancel("P1", "customer cancelled", AGENT)
            .expect("cancel")
            .returned,
        Vec::<Uid>::new()
    );
    assert_eq!(
        v.outbox().len(),
        ops,
        "nothing was moved, so nothing moves back"
    );
}
