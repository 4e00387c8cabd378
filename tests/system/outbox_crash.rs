//! Crash: a helper process drains the outbox into the sandbox and is killed with SIGKILL at random
//! moments (during start-up, between marking an op in flight and the reply, mid-commit), while a
//! fifth of requests fail. After every kill the database passes `integrity_check`; at the end the
//! ledger shows every op applied exactly once, in order per package.

mod outbox_support;

use outbox_support::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::process::Stdio;
use std::time::Duration;
use tokio::process::Command;
use vaultpick_core::Store;
use vaultpick_core::store::DB_FILE;
use vaultpick_sandbox::biotrack::Fault;

const PACKAGES: usize = 20;
const OPS_PER_ROUND: usize = 4;

fn drainer(db: &std::path::Path, base_url: &str, seed: u64) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vaultpick-outbox-drain"));
    cmd.arg(db)
        .arg(base_url)
        .arg(seed.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true);
    cmd
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_drainers_lose_and_duplicate_nothing() -> TestResult {
    let seed = seed("VAULTPICK_CRASH_SEED", 9_001);
    let rounds: usize = std::env::var("VAULTPICK_CRASH_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    println!("{rounds} kill -9 rounds (override with VAULTPICK_CRASH_ITERATIONS=N)");
    let sandbox = start_sandbox(PACKAGES).await?;
    sandbox.inject(Fault::Latency { millis: 3 });
    sandbox.inject(Fault::Chaos {
        seed,
        percent: 20,
        action: None,
    });
    let dir = tempfile::tempdir()?;
    let db = dir.path().join(DB_FILE);
    drop(Store::open(&db)?);

    let mut rng = StdRng::seed_from_u64(seed);
    let mut kills_mid_send = 0;
    let mut generator = OpGen::new(seed ^ 0xC0FFEE, PACKAGES);
    for round in 0..rounds {
        {
            let store = Store::open(&db)?;
            let ops: Vec<_> = (0..OPS_PER_ROUND).map(|_| generator.next()).collect();
            enqueue_all(&store, &ops)?;
        }
        let mut child = drainer(&db, &sandbox.base_url(), seed + round as u64).spawn()?;
        tokio::time::sleep(Duration::from_millis(rng.random_range(0..=150))).await;
        child.start_kill()?; // SIGKILL
        let status = tokio::time::timeout(Duration::from_secs(10), child.wait()).await??;
        assert!(
            !status.success(),
            "round {round}: the drainer was not killed ({status})"
        );
        integrity_ok(&db).map_err(|e| format!("round {round}: {e}"))?;
        let store = Store::open(&db)?;
        let in_flight: i64 = store.read(|c| {
            Ok(
                c.query_row("SELECT COUNT(*) FROM outbox WHERE in_flight = 1", [], |r| {
                    r.get(0)
                })?,
            )
        })?;
        kills_mid_send += usize::from(in_flight > 0);
    }
    println!("{kills_mid_send} kills left an op marked in flight (read back after restart)");
    assert!(
        kills_mid_send > 0,
        "no kill landed between marking an op in flight and its reply"
    );

    // Let the last one finish cleanly (faults still on: recovery must cope with them too).
    let done = drainer(&db, &sandbox.base_url(), seed)
        .arg("--until-empty")
        .spawn()?
        .wait_with_output();
    let out = tokio::time::timeout(Duration::from_secs(120), done).await??;
    assert!(
        out.status.success(),
        "final drain failed: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    println!("{}", String::from_utf8_lossy(&out.stdout).trim());

    integrity_ok(&db)?;
    let store = Store::open(&db)?;
    let checked = assert_exactly_once(&store, &sandbox.ledger())?;
    assert_eq!(checked, rounds * OPS_PER_ROUND);
    let stuck: i64 = store.read(|c| {
        Ok(
            c.query_row("SELECT COUNT(*) FROM outbox WHERE in_flight = 1", [], |r| {
                r.get(0)
            })?,
        )
    })?;
    assert_eq!(stuck, 0, "ops left marked in flight after recovery");
    Ok(())
}
