//! The BioTrack sandbox's own capacity on loopback, measured with a trivial client (one reqwest
//! client, raw `inventory_move` POSTs), with and without 20 ms of injected latency.
//!
//! `cargo bench -p vaultpick-sandbox --bench biotrack_capacity` prints one line per scenario.
//! Op counts can be scaled with `BENCH_OPS` (default 2000; 40 when run by `cargo test`).

use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, Instant};
use vaultpick_sandbox::biotrack::{
    BioTrackSandbox, Fault, TRAINING_LICENSE, TRAINING_PASSWORD, TRAINING_ROOM_PENDING_SALE,
    TRAINING_ROOM_VAULT, TRAINING_USER, TrainingPackage, training_dataset,
};

type BenchResult<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

const LOTS: usize = 64;

fn packages() -> Vec<TrainingPackage> {
    (0..LOTS)
        .map(|i| TrainingPackage {
            uid: format!("{TRAINING_LICENSE}{:07}", 5_000_000 + i),
            product_name: format!("Bench lot {i}"),
            quantity: 28_000,
            unit: "mg".into(),
            room: "vault".into(),
        })
        .collect()
}

async fn post(http: &reqwest::Client, url: &str, body: Value) -> BenchResult<Value> {
    let text = http
        .post(url)
        .body(body.to_string())
        .send()
        .await?
        .text()
        .await?;
    Ok(serde_json::from_str(&text)?)
}

/// Runs `ops` moves from `workers` concurrent tasks; returns ops/s.
async fn run(
    http: &reqwest::Client,
    url: &str,
    session: &str,
    ops: usize,
    workers: usize,
) -> BenchResult<f64> {
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(workers);
    for worker in 0..workers {
        let (http, url, session) = (http.clone(), url.to_owned(), session.to_owned());
        let share = ops / workers + usize::from(worker < ops % workers);
        tasks.push(tokio::spawn(async move {
            for i in 0..share {
                let lot = format!(
                    "{TRAINING_LICENSE}{:07}",
                    5_000_000 + (worker * 7 + i) % LOTS
                );
                let room = if i % 2 == 0 {
                    TRAINING_ROOM_PENDING_SALE
                } else {
                    TRAINING_ROOM_VAULT
                };
                let body = json!({"API": "4.0", "action": "inventory_move", "sessionid": session,
                    "data": [{"barcodeid": lot, "room": room}]});
                let reply = post(&http, &url, body).await?;
                if reply["success"] != json!(1) && reply["success"] != json!("1") {
                    return Err(format!("move refused: {reply}").into());
                }
            }
            BenchResult::Ok(())
        }));
    }
    for task in tasks {
        task.await??;
    }
    Ok(ops as f64 / started.elapsed().as_secs_f64())
}

fn main() -> BenchResult<()> {
    // `cargo bench` passes --bench; `cargo test --all-targets` does not: then only a quick smoke run.
    let benching = std::env::args().any(|a| a == "--bench");
    let default_ops = if benching { 2000 } else { 40 };
    let ops: usize = std::env::var("BENCH_OPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_ops);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let sandbox = Arc::new(BioTrackSandbox::start("127.0.0.1:0".parse()?).await?);
        sandbox.load(&training_dataset(&packages()))?;
        let url = format!("{}/serverjson.asp", sandbox.base_url());
        let http = reqwest::Client::builder().timeout(Duration::from_secs(60)).build()?;
        let login = json!({"API": "4.0", "action": "login", "license_number": TRAINING_LICENSE,
            "username": TRAINING_USER, "password": TRAINING_PASSWORD});
        let reply = post(&http, &url, login).await?;
        let session = reply["sessionid"].as_str().ok_or("login failed")?.to_owned();
        println!("BioTrack sandbox capacity on loopback (inventory_move, {} cores)",
            std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1));
        for (latency_ms, workers, count) in [
            (0, 1, ops),
            (0, 16, ops),
            (20, 1, (ops / 20).max(50)),
            (20, 16, ops / 2),
            (20, 64, ops),
        ] {
            sandbox.inject(Fault::Latency { millis: latency_ms });
            let before = sandbox.ledger().len();
            let rate = run(&http, &url, &session, count, workers).await?;
            let applied = sandbox.ledger().len() - before;
            println!(
                "latency {latency_ms:>2} ms  concurrency {workers:>2}  ops {count:>5}  applied {applied:>5}  {rate:>8.0} ops/s"
            );
        }
        BenchResult::Ok(())
    })
}
