//! Helper for the crash test: opens the store and drains its outbox into the BioTrack sandbox with
//! the real client and worker, until killed (or, with `--until-empty`, until nothing is left).
//!
//! Usage: vaultpick-outbox-drain DB_PATH BASE_URL SEED [--until-empty]

#[path = "../outbox_support/mod.rs"]
mod outbox_support;

use std::sync::Arc;
use std::time::Duration;
use vaultpick_core::outbox::spawn_worker;
use vaultpick_core::status::Health;
use vaultpick_core::{Store, SystemClock};

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, db, base_url, seed, rest @ ..] = args.as_slice() else {
        return Err("usage: vaultpick-outbox-drain DB_PATH BASE_URL SEED [--until-empty]".into());
    };
    let seed: u64 = seed.parse()?;
    let until_empty = rest.iter().any(|a| a == "--until-empty");
    let store = Arc::new(Store::open(db)?);
    let trace = Arc::new(outbox_support::client(base_url)?);
    let handle = spawn_worker(
        store,
        trace,
        Arc::new(SystemClock),
        Arc::new(Health::default()),
        outbox_support::fast_worker(seed, 4),
    );
    println!("READY");
    let mut rx = handle.progress();
    loop {
        {
            let p = rx.borrow_and_update();
            if until_empty && p.pending == 0 && p.idle {
                break;
            }
        }
        let _ = tokio::time::timeout(Duration::from_millis(200), rx.changed()).await;
    }
    let p = handle.progress().borrow().clone();
    handle.shutdown().await;
    println!("DRAINED {p:?}");
    Ok(())
}
