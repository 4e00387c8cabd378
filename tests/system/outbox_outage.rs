//! Long outage on a manual clock: BioTrack stops answering, ops pile up, and the status reports
//! the oldest unsynced op against the 24 h deadline — warning at 50 % and 80 %, overdue at 100 % —
//! with the link shown offline. When BioTrack answers again the worker resumes by itself and
//! drains everything, in order, exactly once.

mod outbox_support;

use chrono::Duration as Span;
use outbox_support::*;
use std::sync::Arc;
use std::time::Duration;
use vaultpick_core::clock::Clock;
use vaultpick_core::outbox::{DeadlineAlarm, DeadlinePolicy, outbox_status, spawn_worker};
use vaultpick_core::status::{Health, LinkStatus};
use vaultpick_core::{ManualClock, Store};
use vaultpick_sandbox::biotrack::Fault;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deadline_alarms_fire_at_their_thresholds_and_the_backlog_drains_after() -> TestResult {
    let seed = seed("VAULTPICK_OUTAGE_SEED", 72);
    let sandbox = start_sandbox(10).await?;
    let dir = tempfile::tempdir()?;
    let store = Arc::new(Store::open_in(dir.path())?);
    let start = chrono::DateTime::parse_from_rfc3339("2026-03-02T08:00:00Z")?.to_utc();
    let clock = Arc::new(ManualClock::new(start));
    let health = Arc::new(Health::default());

    // BioTrack is down: every request is dropped unanswered.
    sandbox.inject(Fault::DropRequest {
        count: u32::MAX,
        action: None,
    });
    let mut generator = OpGen::new(seed, 10);
    let first: Vec<_> = (0..20).map(|_| generator.next()).collect();
    store.write(|tx| {
        for op in &first {
            vaultpick_core::outbox::enqueue(tx, op, "agent-7", clock.now())?;
        }
        Ok(())
    })?;
    let mut config = fast_worker(seed, 4);
    config.backoff_base = Duration::from_secs(60); // in manual-clock time
    config.backoff_cap = Duration::from_secs(15 * 60);
    config.idle_poll = Duration::from_millis(20);
    let handle = spawn_worker(
        store.clone(),
        Arc::new(client(&sandbox.base_url())?),
        clock.clone(),
        health.clone(),
        config,
    );

    let policy = DeadlinePolicy::default();
    let alarm_at = |hours: f64| -> Result<Option<DeadlineAlarm>, Box<dyn std::error::Error>> {
        clock.set(start + Span::seconds((hours * 3600.0) as i64));
        handle.wake();
        Ok(store
            .read(|c| outbox_status(c, &policy, clock.now()))?
            .alarm)
    };
    let mut went_offline = false;
    // Walk through three days in 6-minute steps, letting the worker fail against the dead link.
    let mut seen = Vec::new();
    for step in 0..=(72 * 10) {
        let hours = f64::from(step) / 10.0;
        let alarm = alarm_at(hours)?;
        if seen.last() != Some(&alarm) {
            println!("{hours:>5.1} h: {alarm:?}");
            seen.push(alarm.clone());
        }
        let expected = if hours < 12.0 {
            None
        } else if hours < 19.2 {
            Some(DeadlineAlarm::Warning { fraction: 0.5 })
        } else if hours < 24.0 {
            Some(DeadlineAlarm::Warning { fraction: 0.8 })
        } else {
            Some(DeadlineAlarm::Overdue)
        };
        assert_eq!(alarm, expected, "at {hours} h");
        if step % 50 == 0 {
            // Give the worker a moment of real time to try (and fail) at this point of the outage.
            tokio::time::sleep(Duration::from_millis(30)).await;
            went_offline |= matches!(health.trace(), LinkStatus::Offline(_));
        }
    }
    // On a busy machine the worker may have had few chances so far: give it up to 10 s more.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !went_offline && tokio::time::Instant::now() < deadline {
        clock.advance(Span::minutes(15));
        handle.wake();
        tokio::time::sleep(Duration::from_millis(50)).await;
        went_offline = matches!(health.trace(), LinkStatus::Offline(_));
    }
    assert!(
        went_offline,
        "the link never showed offline during a 72 h outage"
    );
    assert!(
        sandbox.ledger().is_empty(),
        "nothing can have reached a dead BioTrack"
    );

    // BioTrack answers again: the worker notices on its next probe and drains the backlog.
    sandbox.clear_faults();
    let mut rx = handle.progress();
    let budget = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        clock.advance(Span::minutes(15));
        handle.wake();
        let p = rx.borrow_and_update().clone();
        if p.pending == 0 && p.idle && p.online {
            break;
        }
        assert!(
            tokio::time::Instant::now() < budget,
            "did not resume: {p:?}"
        );
        let _ = tokio::time::timeout(Duration::from_millis(100), rx.changed()).await;
    }
    handle.shutdown().await;
    assert_eq!(health.trace(), LinkStatus::Online);
    let status = store.read(|c| outbox_status(c, &policy, clock.now()))?;
    assert_eq!((status.depth, status.alarm), (0, None));
    assert_eq!(assert_exactly_once(&store, &sandbox.ledger())?, first.len());
    Ok(())
}
