//! Worker tests on a real SQLite file with a scripted in-process state system. The end-to-end soak
//! and crash tests against the BioTrack sandbox live in `tests/system/outbox_*.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::clock::{ManualClock, SystemClock};
use crate::domain::{Quantity, Uid};
use crate::ports::{AdjustReason, Sensitive, TraceError, TraceReceipt, TraceSystem};
use crate::signin::{Role, enroll_agent};
use crate::status::{Health, LinkStatus};
use crate::store::Store;
use chrono::{Duration as Days, TimeZone, Utc};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Debug, Clone)]
enum Fault {
    Unreachable,
    ApplyThenLoseReply,
    LoseRequest,
    Refuse(&'static str),
}

#[derive(Default)]
struct Fake {
    ledger: Mutex<Vec<(TraceOp, i64)>>,
    faults: Mutex<VecDeque<Option<Fault>>>,
    down: Mutex<bool>,
    reserved: Mutex<Vec<Uid>>,
}

impl Fake {
    fn applied(&self) -> Vec<TraceOp> {
        self.ledger
            .lock()
            .unwrap()
            .iter()
            .map(|(op, _)| op.clone())
            .collect()
    }
    fn record(&self, op: &TraceOp) -> TraceReceipt {
        let mut l = self.ledger.lock().unwrap();
        let txn = l.len() as i64 + 100;
        l.push((op.clone(), txn));
        TraceReceipt {
            transaction_id: txn,
            new_uid: None,
        }
    }
}

impl TraceSystem for Fake {
    async fn apply(&self, op: &TraceOp) -> Result<TraceReceipt, TraceError> {
        if *self.down.lock().unwrap() {
            return Err(TraceError::Transient("connection refused".into()));
        }
        let fault = self.faults.lock().unwrap().pop_front().flatten();
        match fault {
            None => Ok(self.record(op)),
            Some(Fault::Unreachable) => Err(TraceError::Transient("HTTP 503, empty body".into())),
            Some(Fault::ApplyThenLoseReply) => {
                self.record(op);
                Err(TraceError::Ambiguous("timed out".into()))
            }
            Some(Fault::LoseRequest) => Err(TraceError::Ambiguous("timed out".into())),
            Some(Fault::Refuse(t)) => Err(TraceError::Rejected(t.into())),
        }
    }
    async fn watermark(&self) -> Result<i64, TraceError> {
        if *self.down.lock().unwrap() {
            return Err(TraceError::Transient("connection refused".into()));
        }
        Ok(self.ledger.lock().unwrap().last().map_or(0, |(_, t)| *t))
    }
    async fn find_applied(
        &self,
        op: &TraceOp,
        since: i64,
    ) -> Result<Option<TraceReceipt>, TraceError> {
        if *self.down.lock().unwrap() {
            return Err(TraceError::Transient("connection refused".into()));
        }
        Ok(self
            .ledger
            .lock()
            .unwrap()
            .iter()
            .find(|(o, t)| o == op && *t > since)
            .map(|(_, t)| TraceReceipt {
                transaction_id: *t,
                new_uid: None,
            }))
    }
    async fn quantity(&self, _uid: &Uid) -> Result<Option<Quantity>, TraceError> {
        Ok(None)
    }
    async fn reserve_ids(&self, count: u32) -> Result<Vec<Uid>, TraceError> {
        let mut r = self.reserved.lock().unwrap();
        let start = r.len();
        let fresh: Vec<Uid> = (start..start + count as usize)
            .map(|i| Uid(format!("99990000{i:08}")))
            .collect();
        r.extend(fresh.clone());
        Ok(fresh)
    }
    async fn reserved_ids(&self) -> Result<Vec<Uid>, TraceError> {
        Ok(self.reserved.lock().unwrap().clone())
    }
}

fn mv(uid: &str, room: i64) -> TraceOp {
    TraceOp::Move {
        uid: Uid(uid.into()),
        room,
    }
}
fn adjust(uid: &str, mg: i64) -> TraceOp {
    TraceOp::Adjust {
        uid: Uid(uid.into()),
        new_quantity: Quantity::milligrams(mg),
        reason: AdjustReason::Correction,
        note: "count".into(),
    }
}

struct Rig {
    _dir: tempfile::TempDir,
    store: Arc<Store>,
    fake: Arc<Fake>,
    health: Arc<Health>,
}

fn rig() -> Rig {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open_in(dir.path()).unwrap());
    Rig {
        _dir: dir,
        store,
        fake: Arc::new(Fake::default()),
        health: Arc::new(Health::default()),
    }
}

impl Rig {
    fn enqueue(&self, ops: &[TraceOp]) -> Vec<i64> {
        self.store
            .write(|tx| {
                ops.iter()
                    .map(|op| enqueue(tx, op, "agent-1", Utc::now()))
                    .collect()
            })
            .unwrap()
    }
    fn start(&self) -> OutboxHandle {
        self.start_with(WorkerConfig {
            backoff_base: Duration::from_millis(2),
            backoff_cap: Duration::from_millis(20),
            idle_poll: Duration::from_millis(20),
            ..WorkerConfig::default()
        })
    }
    fn start_with(&self, config: WorkerConfig) -> OutboxHandle {
        spawn_worker(
            self.store.clone(),
            self.fake.clone(),
            Arc::new(SystemClock),
            self.health.clone(),
            config,
        )
    }
    fn states(&self) -> Vec<String> {
        self.store
            .read(|c| {
                let mut s = c.prepare("SELECT state FROM outbox ORDER BY id")?;
                let v = s
                    .query_map([], |r| r.get(0))?
                    .collect::<Result<Vec<String>, _>>()?;
                Ok(v)
            })
            .unwrap()
    }
}

/// Polls the worker's progress until `done` holds (10 s budget: generous on a busy machine).
async fn until(handle: &OutboxHandle, done: impl Fn(&Progress) -> bool) -> Progress {
    let mut rx = handle.progress();
    let wait = async {
        loop {
            if done(&rx.borrow_and_update()) {
                return rx.borrow().clone();
            }
            handle.wake();
            let _ = tokio::time::timeout(Duration::from_millis(50), rx.changed()).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(10), wait)
        .await
        .expect("worker did not get there in 10 s")
}

#[tokio::test]
async fn lost_replies_are_read_back_never_resent_and_order_holds_per_package() {
    let r = rig();
    let ops = [
        mv("A", 1),
        adjust("A", 900),
        mv("B", 2),
        mv("A", 3),
        adjust("B", 10),
    ];
    r.enqueue(&ops);
    r.fake.faults.lock().unwrap().extend([
        Some(Fault::ApplyThenLoseReply),
        Some(Fault::LoseRequest),
        Some(Fault::Unreachable),
        None,
        Some(Fault::ApplyThenLoseReply),
    ]);
    let h = r.start();
    let p = until(&h, |p| p.pending == 0 && p.idle).await;
    h.shutdown().await;
    let applied = r.fake.applied();
    assert_eq!(
        applied.len(),
        ops.len(),
        "each op exactly once: {applied:?}"
    );
    for pkg in ["A", "B"] {
        let want: Vec<_> = ops.iter().filter(|o| op_package(o) == pkg).collect();
        let got: Vec<_> = applied.iter().filter(|o| op_package(o) == pkg).collect();
        assert_eq!(got, want, "order on {pkg}");
    }
    assert!(p.recovered >= 1, "{p:?}");
    assert!(r.states().iter().all(|s| s == "done"));
}

#[tokio::test]
async fn a_crash_after_marking_in_flight_is_resolved_by_read_back() {
    let r = rig();
    let ids = r.enqueue(&[mv("A", 1), mv("B", 1)]);
    // Simulate a crash: both were marked in flight; only A's request reached the state system.
    r.store
        .write(|tx| {
            rows::mark_in_flight(tx, ids[0], 0)?;
            rows::mark_in_flight(tx, ids[1], 0)
        })
        .unwrap();
    r.fake.record(&mv("A", 1));
    let h = r.start();
    let p = until(&h, |p| p.pending == 0 && p.idle).await;
    h.shutdown().await;
    assert_eq!(r.fake.applied(), vec![mv("A", 1), mv("B", 1)]);
    assert_eq!((p.recovered, p.resent), (1, 1), "{p:?}");
}

#[tokio::test]
async fn a_refusal_holds_its_package_until_a_manager_resolves_it() {
    let r = rig();
    let ids = r.enqueue(&[adjust("A", 5), mv("A", 2), mv("B", 2)]);
    r.fake.faults.lock().unwrap().push_back(Some(Fault::Refuse(
        "You do not currently have possession of identifier A",
    )));
    let h = r.start();
    until(&h, |p| p.rejected == 1 && p.pending == 1 && p.idle).await;
    assert_eq!(
        r.fake.applied(),
        vec![mv("B", 2)],
        "B goes on, A's later move waits"
    );
    let queue = r.store.read(review_queue).unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].held_behind, 1);
    assert!(queue[0].error.contains("possession"));

    let now = Utc::now();
    r.store
        .write(|tx| {
            enroll_agent(
                tx,
                "T1",
                "Tech",
                Role::Technician,
                &Sensitive::new("1111".into()),
                "setup",
                now,
            )?;
            enroll_agent(
                tx,
                "M1",
                "Manager",
                Role::Manager,
                &Sensitive::new("2222".into()),
                "setup",
                now,
            )
        })
        .unwrap();
    let refused = r
        .store
        .write(|tx| resolve_review(tx, ids[0], &Resolution::Retry, "T1", "fixed", now));
    assert!(refused.is_err(), "a technician cannot resolve");
    let no_reason = r
        .store
        .write(|tx| resolve_review(tx, ids[0], &Resolution::Retry, "M1", " ", now));
    assert!(no_reason.is_err(), "a reason is required");
    r.store
        .write(|tx| {
            resolve_review(
                tx,
                ids[0],
                &Resolution::Edit(adjust("A", 7)),
                "M1",
                "scale re-read",
                now,
            )
        })
        .unwrap();
    let p = until(&h, |p| p.pending == 0 && p.idle).await;
    h.shutdown().await;
    assert_eq!(
        r.fake.applied(),
        vec![mv("B", 2), adjust("A", 7), mv("A", 2)],
        "{p:?}"
    );
    let audit = r
        .store
        .read(|c| crate::store::audit_for_subject(c, "A"))
        .unwrap();
    assert!(audit.iter().any(|e| e.action == "outbox_edit"
        && e.actor == "M1"
        && e.detail.contains("scale re-read")));
}

#[tokio::test]
async fn goes_offline_after_repeated_failures_and_resumes_by_itself() {
    let r = rig();
    r.enqueue(&[mv("A", 1), mv("B", 1), mv("C", 1)]);
    *r.fake.down.lock().unwrap() = true;
    let h = r.start();
    until(&h, |p| !p.online).await;
    assert!(matches!(r.health.trace(), LinkStatus::Offline(_)));
    assert!(r.fake.applied().is_empty());
    *r.fake.down.lock().unwrap() = false;
    let p = until(&h, |p| p.pending == 0 && p.idle && p.online).await;
    h.shutdown().await;
    assert_eq!(r.health.trace(), LinkStatus::Online);
    assert_eq!(r.fake.applied().len(), 3, "{p:?}");
}

/// Started offline, with changes made elsewhere already in the state system: the first op is sent
/// only once the state system's newest id is known, so its read-back window cannot reach back to
/// an older, similar change (a move of the same package to the same room last week).
#[tokio::test]
async fn offline_at_start_no_op_is_sent_before_the_state_watermark_is_known() {
    let r = rig();
    let elsewhere = r.fake.record(&mv("A", 1)).transaction_id;
    let ids = r.enqueue(&[mv("A", 1)]);
    *r.fake.down.lock().unwrap() = true;
    let h = r.start();
    until(&h, |p| !p.online).await;
    *r.fake.down.lock().unwrap() = false;
    until(&h, |p| p.pending == 0 && p.idle).await;
    h.shutdown().await;
    let row = r.store.read(|c| load_row(c, ids[0])).unwrap().unwrap();
    assert!(
        row.since_txn.is_some_and(|since| since >= elsewhere),
        "read-back window starts at {:?}, before the change made elsewhere ({elsewhere})",
        row.since_txn
    );
    assert_eq!(r.fake.applied(), vec![mv("A", 1), mv("A", 1)]);
}

/// The network is back but the op waits out an hour of backoff: "Sync now" sends it at once, once.
#[tokio::test]
async fn sync_now_sends_what_waits_out_a_long_backoff() {
    let r = rig();
    let ids = r.enqueue(&[mv("A", 1)]);
    *r.fake.down.lock().unwrap() = true;
    let h = r.start_with(WorkerConfig {
        backoff_base: Duration::from_secs(3600),
        backoff_cap: Duration::from_secs(3600),
        idle_poll: Duration::from_millis(20),
        ..WorkerConfig::default()
    });
    until(&h, |p| p.last_error.is_some()).await;
    *r.fake.down.lock().unwrap() = false;
    let row = r.store.read(|c| load_row(c, ids[0])).unwrap().unwrap();
    let next = row.next_try_at.expect("a retry is scheduled");
    assert!(next > Utc::now() + Days::minutes(10), "{next}");
    assert!(r.fake.applied().is_empty());

    let waiting = r.store.write(|tx| retry_now(tx, Utc::now())).unwrap();
    assert_eq!(waiting, 1);
    until(&h, |p| p.pending == 0 && p.idle).await;
    h.shutdown().await;
    assert_eq!(r.fake.applied(), vec![mv("A", 1)]);
    assert_eq!(r.states(), vec!["done"]);
}

#[tokio::test]
async fn offline_weigh_out_takes_a_preassigned_id_and_refuses_when_none_are_left() {
    let r = rig();
    let now = Utc::now();
    let empty = r.store.write(|tx| take_preassigned(tx, now));
    let err = empty.expect_err("empty pool");
    assert!(
        err.to_string().contains("no pre-assigned package ids"),
        "{err}"
    );

    assert_eq!(refill_pool(&r.store, &*r.fake, 3, now).await.unwrap(), 3);
    // A second refill lists what is held rather than reserving more.
    assert_eq!(refill_pool(&r.store, &*r.fake, 3, now).await.unwrap(), 3);
    assert_eq!(r.fake.reserved.lock().unwrap().len(), 3);

    let split = r
        .store
        .write(|tx| {
            let uid = take_preassigned(tx, now)?;
            let op = TraceOp::Split {
                from: Uid("BULK".into()),
                quantity: Quantity::milligrams(3500),
                new_uid: Some(uid.clone()),
            };
            enqueue(tx, &op, "agent-1", now)?;
            // An op on the new package queues behind the split that creates it.
            enqueue(tx, &mv(uid.as_str(), 4), "agent-1", now)?;
            Ok(op)
        })
        .unwrap();
    assert_eq!(r.store.read(free_preassigned).unwrap(), 2);
    let h = r.start();
    until(&h, |p| p.pending == 0 && p.idle).await;
    h.shutdown().await;
    let applied = r.fake.applied();
    assert_eq!(applied[0], split);
    assert!(matches!(applied[1], TraceOp::Move { room: 4, .. }));
}

#[test]
fn deadline_alarms_fire_at_their_fractions() {
    let r = rig();
    let start = Utc.with_ymd_and_hms(2026, 3, 1, 8, 0, 0).unwrap();
    let clock = ManualClock::new(start);
    r.store
        .write(|tx| enqueue(tx, &mv("A", 1), "agent-1", start))
        .unwrap();
    let policy = DeadlinePolicy::default();
    let at = |h: i64, m: i64| {
        clock.set(start + Days::hours(h) + Days::minutes(m));
        r.store
            .read(|c| outbox_status(c, &policy, crate::Clock::now(&clock)))
            .unwrap()
            .alarm
    };
    assert_eq!(at(11, 59), None);
    assert_eq!(at(12, 0), Some(DeadlineAlarm::Warning { fraction: 0.5 }));
    assert_eq!(at(19, 11), Some(DeadlineAlarm::Warning { fraction: 0.5 }));
    assert_eq!(at(19, 12), Some(DeadlineAlarm::Warning { fraction: 0.8 }));
    assert_eq!(at(24, 0), Some(DeadlineAlarm::Overdue));
    assert!(DeadlinePolicy::new(Days::hours(24), vec![1.5]).is_err());
}
