//! Pre-assigned ids for offline weigh-outs, against the BioTrack sandbox: the worker keeps the pool
//! full while online, an offline split takes an id in the same transaction as its outbox row, an
//! empty pool refuses the weigh-out plainly, and once online the splits go out with their ids.

mod outbox_support;

use outbox_support::*;
use std::sync::Arc;
use std::time::Duration;
use vaultpick_core::domain::{Quantity, Uid};
use vaultpick_core::outbox::{
    OutboxHandle, Progress, enqueue, free_preassigned, refill_pool, spawn_worker, take_preassigned,
};
use vaultpick_core::ports::TraceOp;
use vaultpick_core::status::Health;
use vaultpick_core::{Store, SystemClock};
use vaultpick_sandbox::biotrack::{Fault, TRAINING_ROOM_PENDING_SALE};

async fn until(
    handle: &OutboxHandle,
    what: &str,
    done: impl Fn(&Progress) -> bool,
) -> Result<(), String> {
    let mut rx = handle.progress();
    let wait = async {
        while !done(&rx.borrow_and_update()) {
            handle.wake();
            let _ = tokio::time::timeout(Duration::from_millis(100), rx.changed()).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(30), wait)
        .await
        .map_err(|_| format!("{what}: not within 30 s: {:?}", *rx.borrow()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_weigh_outs_use_preassigned_ids_and_an_empty_pool_refuses() -> TestResult {
    let seed = seed("VAULTPICK_POOL_SEED", 3);
    let sandbox = start_sandbox(2).await?;
    let dir = tempfile::tempdir()?;
    let store = Arc::new(Store::open_in(dir.path())?);
    let trace = Arc::new(client(&sandbox.base_url())?);

    // Refilling twice reserves once: the second refill finds the ids BioTrack already holds for us.
    let now = chrono::Utc::now();
    assert_eq!(refill_pool(&store, &*trace, 3, now).await?, 3);
    assert_eq!(refill_pool(&store, &*trace, 3, now).await?, 3);
    let reservations = sandbox
        .ledger()
        .iter()
        .filter(|e| e.action == "id_preassign")
        .count();
    assert_eq!(reservations, 1);

    // BioTrack goes away. Three weigh-outs take the three ids; the fourth is refused.
    sandbox.inject(Fault::DropRequest {
        count: u32::MAX,
        action: None,
    });
    let bulk = Uid(package_uid(0));
    let mut splits = Vec::new();
    for grams in [1, 2, 3] {
        let op = store.write(|tx| {
            let new_uid = take_preassigned(tx, now)?;
            let split = TraceOp::Split {
                from: bulk.clone(),
                quantity: Quantity::milligrams(grams * 1000),
                new_uid: Some(new_uid.clone()),
            };
            enqueue(tx, &split, "B77", now)?;
            // The new package is staged straight away: its move waits behind the split.
            enqueue(
                tx,
                &TraceOp::Move {
                    uid: new_uid,
                    room: TRAINING_ROOM_PENDING_SALE,
                },
                "B77",
                now,
            )?;
            Ok(split)
        })?;
        splits.push(op);
    }
    let refused = store
        .write(|tx| take_preassigned(tx, now))
        .expect_err("the pool is empty");
    assert!(
        refused
            .to_string()
            .contains("no pre-assigned package ids are left"),
        "{refused}"
    );
    assert_eq!(store.read(free_preassigned)?, 0);

    let mut config = fast_worker(seed, 4);
    config.pool_target = 3;
    config.pool_refill_every = Duration::from_millis(100);
    let handle = spawn_worker(
        store.clone(),
        trace.clone(),
        Arc::new(SystemClock),
        Arc::new(Health::default()),
        config,
    );
    until(&handle, "offline", |p| !p.online).await?;

    // Back online: the splits go out with their ids, then the moves, and the pool fills up again.
    sandbox.clear_faults();
    until(&handle, "drained", |p| p.pending == 0 && p.idle && p.online).await?;
    let refill = async {
        while store.read(free_preassigned).unwrap_or(0) < 3 {
            handle.wake();
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(30), refill)
        .await
        .map_err(|_| "the pool was not refilled")?;
    handle.shutdown().await;

    assert_eq!(assert_exactly_once(&store, &sandbox.ledger())?, 6);
    let lots = sandbox.inventory();
    for (split, grams) in splits.iter().zip([1, 2, 3]) {
        let TraceOp::Split {
            new_uid: Some(id), ..
        } = split
        else {
            return Err("not a split".into());
        };
        let lot = lots
            .iter()
            .find(|l| l.id == id.as_str())
            .ok_or(format!("BioTrack has no lot {id}"))?;
        assert_eq!(
            (lot.remaining, lot.room),
            (grams * 1000, TRAINING_ROOM_PENDING_SALE)
        );
        assert_eq!(lot.parentid.as_deref(), Some(bulk.as_str()));
    }
    Ok(())
}
