//! The "on the shelf, empty in the state system" drill, the Inventory Manager's notifications, and
//! the speed panel's figures.

mod support;
mod workflow_support;

use chrono::Duration;
use vaultpick_core::domain::OrderStatus::*;
use vaultpick_core::domain::{PackageStatus, Uid};
use vaultpick_core::ports::TraceOp;
use vaultpick_core::store;
use vaultpick_core::workflow::{
    PortionUid, ScanVerdict, WorkflowError, WorkflowSettings, acknowledge_notification,
    notifications, speed_stats,
};
use workflow_support::{AGENT, QUARANTINE_ROOM, settings, vault};

#[test]
fn a_package_empty_in_the_state_system_is_quarantined_the_order_paused_and_the_manager_told() {
    let v = vault();
    v.add_order("D1", Queued);
    let wf = v.workflow();
    wf.claim("D1", AGENT).expect("claim");
    let verdict = wf.scan("D1", Some(2), "VAPE-STATE0", AGENT).expect("scan");
    assert!(
        matches!(verdict, ScanVerdict::NotAvailableInStateSystem { .. }),
        "{verdict:?}"
    );
    assert!(verdict.next_step().contains("QUARANTINE"));

    let report = wf
        .report_state_discrepancy("D1", "VAPE-STATE0", AGENT)
        .expect("report");
    assert!(report.order_paused);
    assert_eq!(v.package("VAPE-STATE0").status, PackageStatus::Quarantined);
    assert_eq!(
        v.outbox(),
        vec![(
            "VAPE-STATE0".to_owned(),
            TraceOp::Move {
                uid: Uid("VAPE-STATE0".into()),
                room: QUARANTINE_ROOM
            }
        )]
    );
    let o = v
        .store
        .read(|c| store::load_order(c, "D1"))
        .expect("read")
        .expect("order");
    assert_eq!(o.status, Paused);
    assert!(
        o.pause_reason
            .as_deref()
            .is_some_and(|r| r.contains("VAPE-STATE0")),
        "{:?}",
        o.pause_reason
    );
    let audit = v
        .store
        .read(|c| store::audit_for_subject(c, "VAPE-STATE0"))
        .expect("audit");
    assert!(
        audit
            .iter()
            .any(|e| e.action == "quarantined_discrepancy" && e.actor == AGENT),
        "{audit:?}"
    );

    let open = notifications(&v.store, false).expect("notifications");
    assert_eq!(open.len(), 1);
    let n = &open[0];
    assert_eq!(
        (
            n.id,
            n.audience.as_str(),
            n.kind.as_str(),
            n.subject.as_str()
        ),
        (
            report.notification_id,
            "inventory_manager",
            "state_discrepancy",
            "VAPE-STATE0"
        )
    );
    assert_eq!(
        (n.order_id.as_deref(), n.raised_by.as_str()),
        (Some("D1"), AGENT)
    );
    assert!(acknowledge_notification(&v.store, &v.clock, n.id, "manager-1").expect("ack"));
    assert!(!acknowledge_notification(&v.store, &v.clock, n.id, "manager-1").expect("ack twice"));
    assert!(notifications(&v.store, false).expect("open").is_empty());
    assert_eq!(
        notifications(&v.store, true).expect("all")[0]
            .acknowledged_by
            .as_deref(),
        Some("manager-1")
    );

    // The quarantined package is now refused as such, and the order resumes where it was.
    assert_eq!(wf.resume("D1", AGENT).expect("resume"), Picking);
    assert!(matches!(
        wf.scan("D1", Some(2), "VAPE-STATE0", AGENT).expect("scan"),
        ScanVerdict::Quarantined { .. }
    ));
}

#[test]
fn a_package_the_state_system_does_stock_is_not_a_discrepancy() {
    let v = vault();
    v.add_order("D2", Queued);
    let wf = v.workflow();
    wf.claim("D2", AGENT).expect("claim");
    let err = wf
        .report_state_discrepancy("D2", "VAPE-1", AGENT)
        .expect_err("VAPE-1 is stocked");
    assert!(
        matches!(&err, WorkflowError::Invalid(t) if t.contains("no discrepancy")),
        "{err}"
    );
    assert_eq!(v.package("VAPE-1").status, PackageStatus::Active);
    assert!(v.outbox().is_empty());
    assert!(matches!(
        wf.report_state_discrepancy("D2", "NOPE", AGENT),
        Err(WorkflowError::NotFound { .. })
    ));
}

#[test]
fn speed_stats_count_orders_working_time_scans_and_refusals_per_agent_and_for_the_shift() {
    let v = vault();
    let shift_start = v.now();
    let wf = v.workflow_with(WorkflowSettings {
        sealed_checks: false,
        ..settings()
    });
    // Agent A: one order, 10 minutes of work with a 5-minute pause in the middle, one refused scan.
    v.add_order("S1", Queued);
    wf.claim("S1", "A").expect("claim");
    wf.scan("S1", Some(2), "VAPE-QUAR", "A")
        .expect("refused scan");
    v.clock.advance(Duration::minutes(4));
    wf.pause("S1", "break", "A").expect("pause");
    v.clock.advance(Duration::minutes(5));
    wf.resume("S1", "A").expect("resume");
    wf.scan("S1", Some(1), "BULK-1", "A").expect("bulk");
    wf.weigh_out(
        "S1",
        1,
        &v.reading(3_500, true, Duration::zero()),
        PortionUid::Provisional(Uid("SP-1".into())),
        "A",
    )
    .expect("weigh");
    wf.confirm_portion_label("S1", 1, "SP-1", "A")
        .expect("label");
    wf.scan("S1", Some(2), "VAPE-1", "A").expect("vape");
    wf.scan("S1", Some(3), "GUMMY-1", "A").expect("gummy");
    wf.scan("S1", Some(3), "GUMMY-1", "A").expect("gummy");
    v.clock.advance(Duration::minutes(6));
    wf.start_verify("S1", "A").expect("verify");
    for u in ["SP-1", "VAPE-1", "GUMMY-1", "GUMMY-1"] {
        wf.verify_scan("S1", u, "A").expect("verify scan");
    }
    v.fill_pool(&["POOL-1"]); // GUMMY-1's two units are split off at commit
    wf.commit_and_stage("S1", "SHELF-1", "A").expect("stage");
    // Agent B: an order claimed but not finished does not count.
    v.add_order("S2", Queued);
    wf.claim("S2", "B").expect("claim");
    v.clock.advance(Duration::minutes(45)); // one hour since the shift started
    let now = v.now();

    let a = speed_stats(&v.store, shift_start, now, Some("A")).expect("stats");
    assert_eq!(a.orders, 1);
    assert!((a.orders_per_hour - 1.0).abs() < 1e-9, "{a:?}");
    assert_eq!(
        a.mean_secs_per_order,
        Some(600.0),
        "pause time is not working time"
    );
    // 1 refused + 1 bulk + 1 weight + 1 label + 3 picks + 4 verify scans.
    assert_eq!((a.scans, a.refusals), (11, 1));
    assert_eq!(
        (a.scans_per_order, a.refusals_per_order),
        (Some(11.0), Some(1.0))
    );
    let b = speed_stats(&v.store, shift_start, now, Some("B")).expect("stats");
    assert_eq!(
        (b.orders, b.mean_secs_per_order, b.scans_per_order),
        (0, None, None)
    );
    let shift = speed_stats(&v.store, shift_start, now, None).expect("stats");
    assert_eq!((shift.orders, shift.scans, shift.refusals), (1, 11, 1));
    let before = speed_stats(
        &v.store,
        shift_start - Duration::hours(2),
        shift_start,
        None,
    )
    .expect("stats");
    assert_eq!(before.orders, 0);
}
