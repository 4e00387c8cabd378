//! Every BioTrack action the adapter speaks, against the stateful sandbox over loopback.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use vaultpick_core::domain::{Quantity, Uid};
use vaultpick_core::ports::{AdjustReason, TraceOp, TraceSystem};
use vaultpick_trace::{SaleLine, TxWindow};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_then_sync_inventory_and_rooms() -> TestResult {
    let sandbox = sandbox().await?;
    let client = agent(&sandbox);
    client.login().await?;
    assert!(client.has_session().await);

    let lots = client.sync_inventory(TxWindow::all()).await?;
    assert_eq!(lots.len(), 3);
    let flower = lots.iter().find(|l| l.id.as_str() == FLOWER).unwrap();
    assert_eq!(flower.quantity, Quantity::milligrams(28_000));
    assert_eq!(flower.room, Some(VAULT));
    let prerolls = lots.iter().find(|l| l.id.as_str() == PREROLLS).unwrap();
    assert_eq!(prerolls.quantity, Quantity::units(12));

    let rooms = client.sync_inventory_room(TxWindow::all()).await?;
    assert_eq!(rooms.len(), 3);
    assert!(
        rooms
            .iter()
            .any(|r| r.id == Some(QUARANTINE) && r.quarantine)
    );
    assert!(rooms.iter().any(|r| r.id == Some(VAULT) && !r.quarantine));
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_windows_are_incremental_by_transaction_id() -> TestResult {
    let sandbox = sandbox().await?;
    let client = agent(&sandbox);
    let before = client.watermark().await?;
    let summary = client.sync_check(&[("inventory", before)]).await?;
    assert!(summary[0].current, "nothing changed yet: {summary:?}");

    let tx = client
        .inventory_move(&[(Uid::from(FLOWER), PENDING_SALE)])
        .await?;
    assert!(tx > before);
    let summary = client.sync_check(&[("inventory", before)]).await?;
    assert!(!summary[0].current);
    assert_eq!(summary[0].latest, tx);

    let changed = client.sync_inventory(TxWindow::after(before)).await?;
    assert_eq!(changed.len(), 1, "only the moved lot is in the window");
    assert_eq!(changed[0].id.as_str(), FLOWER);
    assert_eq!(changed[0].room, Some(PENDING_SALE));
    assert!(client.sync_inventory(TxWindow::after(tx)).await?.is_empty());
    let closed = TxWindow {
        start: Some(1),
        end: Some(before),
    };
    // A window reports records whose latest transaction falls in it: the moved lot has left it.
    let old = client.sync_inventory(closed).await?;
    assert_eq!(old.len(), 2);
    assert!(old.iter().all(|r| r.id.as_str() != FLOWER));
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn move_split_adjust_through_the_port() -> TestResult {
    let sandbox = sandbox().await?;
    let client = agent(&sandbox);
    let flower = Uid::from(FLOWER);

    let moved = client
        .apply(&TraceOp::Move {
            uid: flower.clone(),
            room: QUARANTINE,
        })
        .await?;
    let split = client
        .apply(&TraceOp::Split {
            from: flower.clone(),
            quantity: Quantity::milligrams(3_500),
            new_uid: None,
        })
        .await?;
    assert!(split.transaction_id > moved.transaction_id);
    let child = split.new_uid.clone().unwrap();
    assert_eq!(child.as_str().len(), 16);
    assert!(
        child.as_str().starts_with(LICENSE),
        "minted from the company sequence"
    );
    assert_eq!(
        client.quantity(&child).await?,
        Some(Quantity::milligrams(3_500))
    );
    assert_eq!(
        client.quantity(&flower).await?,
        Some(Quantity::milligrams(24_500))
    );

    let adjusted = client
        .apply(&TraceOp::Adjust {
            uid: flower.clone(),
            new_quantity: Quantity::milligrams(24_000),
            reason: AdjustReason::MoistureLoss,
            note: "Weighed at cycle count".into(),
        })
        .await?;
    assert!(adjusted.transaction_id > split.transaction_id);
    assert_eq!(
        client.quantity(&flower).await?,
        Some(Quantity::milligrams(24_000))
    );
    let rows = client.sync_inventory_adjust(TxWindow::all()).await?;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].reason_code, Some(5));
    assert_eq!(rows[0].previous_quantity, "24.5");
    assert_eq!(rows[0].new_quantity, "24");

    let ledger = sandbox.ledger();
    let actions: Vec<&str> = ledger.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        ["inventory_move", "inventory_split", "inventory_adjust"]
    );
    assert_eq!(ledger[1].minted, vec![child.0.clone()]);
    assert_eq!(client.quantity(&Uid::from("6000000019999999")).await?, None);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn splits_mint_ids_in_request_order_and_counted_goods_split_whole() -> TestResult {
    let sandbox = sandbox().await?;
    let client = agent(&sandbox);
    let mut minted = Vec::new();
    for _ in 0..3 {
        let (_, id) = client
            .inventory_split(&Uid::from(PREROLLS), Quantity::units(2), None)
            .await?;
        minted.push(id);
    }
    let numbers: Vec<u64> = minted
        .iter()
        .map(|id| id.as_str().parse().unwrap())
        .collect();
    assert!(numbers.windows(2).all(|w| w[0] < w[1]), "{minted:?}");
    assert_eq!(
        client.quantity(&Uid::from(PREROLLS)).await?,
        Some(Quantity::units(6))
    );
    let children = client.sync_inventory(TxWindow::all()).await?;
    assert_eq!(
        children
            .iter()
            .filter(|r| r.parent_id.as_ref().map(Uid::as_str) == Some(PREROLLS))
            .count(),
        3
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn preassigned_ids_are_reserved_listed_and_used_by_splits() -> TestResult {
    let sandbox = sandbox().await?;
    let client = agent(&sandbox);
    let reserved = client.reserve_ids(3).await?;
    assert_eq!(reserved.len(), 3);
    assert_eq!(client.reserved_ids().await?, reserved);

    let receipt = client
        .apply(&TraceOp::Split {
            from: Uid::from(FLOWER),
            quantity: Quantity::milligrams(1_000),
            new_uid: Some(reserved[1].clone()),
        })
        .await?;
    assert_eq!(receipt.new_uid.as_ref(), Some(&reserved[1]));
    assert_eq!(
        client.reserved_ids().await?,
        vec![reserved[0].clone(), reserved[2].clone()]
    );
    let rows = client.sync_id_preassign(TxWindow::all()).await?;
    assert!(rows.iter().any(|r| r.id == reserved[1] && r.used));
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn qa_check_returns_results_and_refuses_unfiled_ones() -> TestResult {
    let sandbox = sandbox().await?;
    let client = agent(&sandbox);
    let result = client.inventory_qa_check(&Uid::from(FLOWER)).await?;
    assert!(result.passed);
    assert_eq!(result.sample_id, "6000000019000001");
    assert_eq!(result.tests.len(), 1);
    let unfiled = client.inventory_qa_check(&Uid::from(UNTESTED)).await;
    let message = unfiled.unwrap_err().to_string();
    assert!(
        message.contains("Test results have not yet been filed."),
        "{message}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sales_are_recorded_once_per_dispense_and_quarantine_blocks_them() -> TestResult {
    let sandbox = sandbox().await?;
    let client = agent(&sandbox);
    let lines = [
        SaleLine {
            barcode: Uid::from(PREROLLS),
            quantity: Quantity::units(2),
            price: "15.00".into(),
        },
        SaleLine {
            barcode: Uid::from(FLOWER),
            quantity: Quantity::milligrams(3_500),
            price: "45.00".into(),
        },
    ];
    let sale = client.sale_dispense("T1", 1_790_000_000, &lines).await?;
    let rows = client.sync_sale(TxWindow::all()).await?;
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r.transaction_id == sale));
    assert_eq!(rows[0].item_number, 0);
    assert_eq!(rows[1].item_number, 1);
    assert_eq!(rows[1].quantity, "3.5");

    client
        .inventory_move(&[(Uid::from(FLOWER), QUARANTINE)])
        .await?;
    let refused = client.sale_dispense("T1", 1_790_000_100, &lines[1..]).await;
    assert!(refused.unwrap_err().to_string().contains("quarantine"));
    assert_eq!(applied(&sandbox, "sale_dispense"), 1);
    Ok(())
}
