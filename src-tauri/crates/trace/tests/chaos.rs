//! The adapter's error kinds against the ledger, under seeded random faults: `Ok` and only `Ok`
//! or a confirmed read-back means BioTrack applied the write; `Transient` never hides an applied
//! write; `Ambiguous` is always settled correctly by `find_applied`.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use vaultpick_core::domain::{Quantity, Uid};
use vaultpick_core::ports::{TraceError, TraceOp, TraceSystem};
use vaultpick_sandbox::biotrack::Fault;

const DEFAULT_SEED: u64 = 20_261_126;
const OPS: usize = 300;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_outcome_under_chaos_agrees_with_the_ledger() -> TestResult {
    let seed = std::env::var("CHAOS_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_SEED);
    println!("chaos seed {seed} (override with CHAOS_SEED)");
    let sandbox = sandbox().await?;
    let client = agent(&sandbox);
    let mut since = client.watermark().await?;
    sandbox.inject(Fault::Chaos {
        seed,
        percent: 40,
        action: Some("inventory_split".into()),
    });
    let op = TraceOp::Split {
        from: Uid::from(FLOWER),
        quantity: Quantity::milligrams(10),
        new_uid: None,
    };
    let (mut oks, mut transients, mut ambiguous) = (0, 0, 0);
    for i in 0..OPS {
        let before = applied(&sandbox, "inventory_split");
        let outcome = client.apply(&op).await;
        let after = applied(&sandbox, "inventory_split");
        let landed = after - before;
        assert!(landed <= 1, "op {i}: one send applied {landed} times");
        match outcome {
            Ok(receipt) => {
                oks += 1;
                assert_eq!(landed, 1, "op {i}: Ok but not applied");
                since = receipt.transaction_id;
            }
            Err(TraceError::Transient(why)) => {
                transients += 1;
                assert_eq!(landed, 0, "op {i}: Transient but applied ({why})");
            }
            Err(TraceError::Ambiguous(_)) => {
                ambiguous += 1;
                let found = client.find_applied(&op, since).await?;
                assert_eq!(found.is_some(), landed == 1, "op {i}: read-back disagrees");
                if let Some(receipt) = found {
                    let last = sandbox.ledger().last().map(|e| e.transactionid);
                    assert_eq!(Some(receipt.transaction_id), last, "op {i}");
                    since = receipt.transaction_id;
                }
            }
            Err(other) => panic!("op {i}: unexpected {other:?}"),
        }
    }
    println!("{OPS} splits: {oks} ok, {transients} transient, {ambiguous} ambiguous");
    assert!(
        transients > 0 && ambiguous > 0,
        "the chaos reached every kind"
    );
    let remaining = 28_000 - 10 * applied(&sandbox, "inventory_split") as i64;
    assert_eq!(
        client.quantity(&Uid::from(FLOWER)).await?,
        Some(Quantity::milligrams(remaining))
    );
    Ok(())
}
