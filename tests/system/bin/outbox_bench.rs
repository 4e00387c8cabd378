//! Benchmark: drain 10,000 queued ops into the BioTrack sandbox on loopback with 20 ms injected
//! latency, next to the sandbox's own capacity measured the same way with a trivial client (bare
//! `inventory_move` calls, same concurrency, no database). Prints figures; asserts no duplicates.
//!
//! `cargo run --release -p vaultpick-system-tests --bin vaultpick-outbox-bench`
//! Env: BENCH_OPS (10000), BENCH_LATENCY_MS (20), BENCH_LANES (16), BENCH_PACKAGES (400), BENCH_SEED.

#[path = "../outbox_support/mod.rs"]
mod outbox_support;

use outbox_support::*;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::task::JoinSet;
use vaultpick_core::domain::Uid;
use vaultpick_core::outbox::spawn_worker;
use vaultpick_core::status::Health;
use vaultpick_core::{Store, SystemClock};
use vaultpick_sandbox::biotrack::{Fault, TRAINING_ROOM_PENDING_SALE, TRAINING_ROOM_VAULT};

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let ops = env("BENCH_OPS", 10_000) as usize;
    let latency = env("BENCH_LATENCY_MS", 20);
    let lanes = env("BENCH_LANES", 16) as usize;
    let packages = env("BENCH_PACKAGES", 400) as usize;
    let seed = seed("BENCH_SEED", 1);
    println!("{ops} ops over {packages} packages, {latency} ms latency, {lanes} lanes");

    // 1. The sandbox's capacity: a trivial client, same concurrency, no outbox.
    let sandbox = start_sandbox(packages).await?;
    sandbox.inject(Fault::Latency { millis: latency });
    let trivial = Arc::new(client(&sandbox.base_url())?);
    trivial.login().await?;
    let started = Instant::now();
    let mut tasks = JoinSet::new();
    for lane in 0..lanes {
        let trivial = trivial.clone();
        tasks.spawn(async move {
            let mut i = lane;
            while i < ops {
                let room = if (i / packages).is_multiple_of(2) {
                    TRAINING_ROOM_PENDING_SALE
                } else {
                    TRAINING_ROOM_VAULT
                };
                trivial
                    .inventory_move(&[(Uid(package_uid(i % packages)), room)])
                    .await?;
                i += lanes;
            }
            Ok::<_, vaultpick_core::ports::TraceError>(())
        });
    }
    while let Some(r) = tasks.join_next().await {
        r??;
    }
    let trivial_secs = started.elapsed().as_secs_f64();
    println!(
        "sandbox capacity (trivial client): {ops} moves in {trivial_secs:.1} s = {:.0} ops/s",
        ops as f64 / trivial_secs
    );
    drop(sandbox);

    // 2. The outbox: the same number of ops queued in SQLite, drained by the worker.
    let sandbox = start_sandbox(packages).await?;
    sandbox.inject(Fault::Latency { millis: latency });
    let dir = tempfile::tempdir()?;
    let store = Arc::new(Store::open_in(dir.path())?);
    let mut generator = OpGen::new(seed, packages);
    let queued: Vec<_> = (0..ops).map(|_| generator.next()).collect();
    enqueue_all(&store, &queued)?;
    let mut config = fast_worker(seed, lanes);
    config.idle_poll = Duration::from_millis(200);
    let started = Instant::now();
    let handle = spawn_worker(
        store.clone(),
        Arc::new(client(&sandbox.base_url())?),
        Arc::new(SystemClock),
        Arc::new(Health::default()),
        config,
    );
    let mut rx = handle.progress();
    loop {
        {
            let p = rx.borrow_and_update();
            if p.pending == 0 && p.idle {
                break;
            }
        }
        if started.elapsed() > Duration::from_secs(1800) {
            return Err("not drained in 30 minutes".into());
        }
        let _ = tokio::time::timeout(Duration::from_millis(500), rx.changed()).await;
    }
    let secs = started.elapsed().as_secs_f64();
    let progress = handle.progress().borrow().clone();
    handle.shutdown().await;
    let ledger = sandbox.ledger();
    let writes = ledger
        .iter()
        .filter(|e| e.action.starts_with("inventory_"))
        .count();
    let checked = assert_exactly_once(&store, &ledger)?;
    println!(
        "outbox drain: {ops} ops in {secs:.1} s = {:.0} ops/s",
        ops as f64 / secs
    );
    println!(
        "ledger: {writes} writes for {checked} ops; duplicates: {}; lost: 0 (checked per package, in order)",
        writes - checked
    );
    println!("worker: {progress:?}");
    Ok(())
}
