//! Fault soak: thousands of splits, moves and adjustments drained through the real BioTrack client
//! into the sandbox while a quarter of all requests fail in every way the sandbox can fail (dropped
//! request, applied-then-lost reply, 5xx, 429, garbage, leaked header) and sessions keep expiring.
//! The sandbox's ledger must show every op applied exactly once, in order per package.

mod outbox_support;

use outbox_support::*;
use std::sync::Arc;
use std::time::Duration;
use vaultpick_core::outbox::{OutboxHandle, spawn_worker};
use vaultpick_core::status::Health;
use vaultpick_core::{Store, SystemClock};
use vaultpick_sandbox::biotrack::Fault;

const OPS: usize = 2_000;
const PACKAGES: usize = 60;
const FAULT_PERCENT: u8 = 25;

async fn drained(handle: &OutboxHandle, budget: Duration) -> Result<(), String> {
    let mut rx = handle.progress();
    let wait = async {
        loop {
            {
                let p = rx.borrow_and_update();
                if p.pending == 0 && p.idle {
                    return;
                }
            }
            let _ = tokio::time::timeout(Duration::from_millis(200), rx.changed()).await;
        }
    };
    tokio::time::timeout(budget, wait)
        .await
        .map_err(|_| format!("not drained within {budget:?}: {:?}", *rx.borrow()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_op_applied_exactly_once_in_order_under_injected_faults() -> TestResult {
    let seed = seed("VAULTPICK_SOAK_SEED", 20_261_126);
    let sandbox = Arc::new(start_sandbox(PACKAGES).await?);
    let dir = tempfile::tempdir()?;
    let store = Arc::new(Store::open_in(dir.path())?);

    let mut generator = OpGen::new(seed, PACKAGES);
    let ops: Vec<_> = (0..OPS).map(|_| generator.next()).collect();
    enqueue_all(&store, &ops)?;

    sandbox.inject(Fault::Chaos {
        seed,
        percent: FAULT_PERCENT,
        action: None,
    });
    // Sessions expire now and then while the worker drains (BioTrack errorcode 63).
    let expiry = {
        let sandbox = sandbox.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_millis(250)).await;
                sandbox.inject(Fault::ExpireSessions);
            }
        })
    };

    let health = Arc::new(Health::default());
    let trace = Arc::new(client(&sandbox.base_url())?);
    let handle = spawn_worker(
        store.clone(),
        trace,
        Arc::new(SystemClock),
        health,
        fast_worker(seed, 8),
    );
    let outcome = drained(&handle, Duration::from_secs(150)).await;
    expiry.abort();
    let progress = handle.progress().borrow().clone();
    handle.shutdown().await;
    outcome?;
    println!("worker: {progress:?}");

    let ledger = sandbox.ledger();
    let checked = assert_exactly_once(&store, &ledger)?;
    assert_eq!(checked, OPS);
    // The faults really happened: lost replies were recovered by read-back, others retried.
    assert!(
        progress.recovered > 0,
        "no lost reply was read back: {progress:?}"
    );
    assert!(
        progress.retried as usize >= OPS / 10,
        "too few faults hit: {progress:?}"
    );
    integrity_ok(&dir.path().join(vaultpick_core::store::DB_FILE))?;
    Ok(())
}
