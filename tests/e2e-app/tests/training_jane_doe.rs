//! Jane Doe's whole order in the real app in training mode, keyboard and scanner only: claim by
//! ticket; weigh out 3.50 g of flower on the simulated scale (container tared, one reading refused
//! while the pan still moves), its package label printed (zbarimg reads the new id) and scanned
//! back; the vape (after one wrong-item scan refused) and the two edibles with their seal checks;
//! blind verify; the staging scan commits. Then the BioTrack sandbox's ledger holds, each exactly
//! once, the flower's split into the weighed portion, the splits of the vape and the two gummies off
//! their multi-unit lots, and the moves of the three new packages to pending sale.
//!
//! The second test runs the same order with BioTrack unreachable from before the claim: everything
//! still works, nothing reaches the ledger and the status bar says offline; once BioTrack answers
//! again and the technician presses "Sync now", the ledger catches up, each change exactly once.
//!
//! Run (after building the app with its UI embedded, see `vaultpick_e2e_app::app_binary`):
//! `xvfb-run -a dbus-run-session -- cargo test -p vaultpick-e2e-app --test training_jane_doe`

use serde_json::Value;
use std::path::Path;
use thirtyfour::prelude::*;
use vaultpick_core::demo::JANE_DOE_ORDER;
use vaultpick_core::domain::OrderStatus;
use vaultpick_core::workflow::Awaiting;
use vaultpick_e2e_app::TestResult;
use vaultpick_e2e_app::page::{AppSession, eventually};
use vaultpick_e2e_app::signin::TECHNICIAN;
use vaultpick_e2e_app::station::{
    Inputs, Station, all_sent, in_training_app, link_ready, printed_barcodes, stored_snapshot,
};
use vaultpick_e2e_app::training_world::{Sandbox, place_on_scale};

/// The training sandbox's pending-sale room.
const PENDING_SALE_ROOM: &str = "2";

/// The packages picked: the bulk flower lot and its weighed portion, the vape and gummy lots.
struct Picked {
    bulk: String,
    portion: String,
    vape: String,
    edible: String,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jane_doe_whole_order_reaches_the_biotrack_ledger_exactly_once() -> TestResult {
    in_training_app("Jane Doe's whole order (online)", online).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jane_doe_offline_then_back_online_catches_up_exactly_once() -> TestResult {
    in_training_app("Jane Doe's whole order (BioTrack unreachable)", offline).await
}

async fn online(session: &AppSession, data_dir: &Path, print_dir: &Path) -> TestResult<Inputs> {
    session.sign_in(TECHNICIAN).await?;
    let sandbox = Sandbox::of_app(data_dir).await?;
    link_ready(session, data_dir).await?;
    let mut st = Station::new(session);
    let picked = run_order(&mut st, data_dir, print_dir).await?;
    all_sent(data_dir).await?;
    ledger_has_each_once(&sandbox, &picked).await?;
    session
        .wait_attr("status-outbox-depth", "data-value", "0")
        .await?;
    Ok(st.inputs)
}

async fn offline(session: &AppSession, data_dir: &Path, print_dir: &Path) -> TestResult<Inputs> {
    session.sign_in(TECHNICIAN).await?;
    let sandbox = Sandbox::of_app(data_dir).await?;
    link_ready(session, data_dir).await?;
    sandbox.go_unreachable().await?;
    let before = sandbox_writes(&sandbox).await?;

    let mut st = Station::new(session);
    let picked = run_order(&mut st, data_dir, print_dir).await?;

    // Staged with the link down: the six changes wait in the outbox, none reached BioTrack.
    st.attr_is("status-link", "data-state", "offline").await?;
    // Three splits and three moves wait.
    session
        .wait_attr("status-outbox-depth", "data-value", "6")
        .await?;
    assert_eq!(
        sandbox_writes(&sandbox).await?,
        before,
        "nothing reached BioTrack while it was unreachable"
    );

    // BioTrack answers again; the technician sends what waits now.
    sandbox.come_back().await?;
    let sync = st.field("sync-now").await?;
    session
        .driver()
        .execute("arguments[0].click();", vec![sync.to_json()?])
        .await?;
    all_sent(data_dir).await?;
    ledger_has_each_once(&sandbox, &picked).await?;
    session
        .wait_attr("status-outbox-depth", "data-value", "0")
        .await?;
    st.attr_is("status-link", "data-state", "online").await?;
    Ok(st.inputs)
}

/// The whole order at the station; returns what was picked.
async fn run_order(st: &mut Station<'_>, data_dir: &Path, print_dir: &Path) -> TestResult<Picked> {
    st.field(&format!("queue-row-{JANE_DOE_ORDER}")).await?;
    st.scan("queue-scan", JANE_DOE_ORDER).await?;
    st.attr_is("flow-screen", "data-order", JANE_DOE_ORDER)
        .await?;
    let snap = stored_snapshot(data_dir, JANE_DOE_ORDER)?;
    let suggested = |line: usize| -> TestResult<String> {
        Ok(snap.lines[line]
            .suggested
            .as_ref()
            .ok_or("a line has no suggested package")?
            .uid
            .to_string())
    };
    let (bulk, vape, edible) = (suggested(0)?, suggested(1)?, suggested(2)?);

    // Flower: the bulk package, then the weigh-out on the scale.
    st.attr_is("line-1", "data-current", "true").await?;
    st.scan("scan-input", &bulk).await?;
    st.attr_is("flow-feedback", "data-key", "bulk_ready")
        .await?;
    assert_eq!(st.text("weigh-bulk").await?, bulk);
    place_on_scale(st.session, "12.00", 0, 0).await?;
    shows_stable(st, "12.00").await?;
    st.key("scan-input", "t").await?;
    st.attr_is("flow-feedback", "data-key", "scale_tared")
        .await?;
    // The flower goes in and the pan still moves: Enter is refused with the reason.
    place_on_scale(st.session, "15.50", 0, 60).await?;
    st.attr_is("weight-display", "data-state", "unstable")
        .await?;
    st.key("scan-input", Key::Enter).await?;
    st.attr_is("flow-feedback", "data-key", "unstable").await?;
    assert!(st.text("flow-next-step").await?.contains("still moving"));
    st.attr_is("flow-sound", "data-sound", "weight_refused")
        .await?;
    // Settled at 3.50 g net: accepted; the new package's label prints by itself.
    place_on_scale(st.session, "15.50", 300, 0).await?;
    shows_stable(st, "3.50").await?;
    st.key("scan-input", Key::Enter).await?;
    st.attr_is("flow-feedback", "data-key", "weight_accepted")
        .await?;
    let after = stored_snapshot(data_dir, JANE_DOE_ORDER)?;
    let Some(Awaiting::Label { portion_uid }) = after.lines[0].awaiting.clone() else {
        return Err(format!("the flower line does not wait for its label: {after:?}").into());
    };
    let portion = portion_uid.to_string();
    assert_eq!(
        printed_barcodes(print_dir, "package-label")?,
        vec![portion.clone()]
    );
    st.scan("scan-input", &portion).await?;
    st.attr_is("flow-feedback", "data-key", "matches").await?;
    st.attr_is("line-1", "data-complete", "true").await?;

    // The vape line is next: the edible scanned there is refused, then the vape and its seal.
    st.attr_is("line-2", "data-current", "true").await?;
    st.scan("scan-input", &edible).await?;
    st.attr_is("flow-feedback", "data-key", "wrong_product")
        .await?;
    st.attr_is("flow-sound", "data-sound", "wrong_item").await?;
    st.scan("scan-input", &vape).await?;
    st.attr_is("flow-prompt", "data-kind", "seal").await?;
    st.key("scan-input", "y").await?;
    st.attr_is("line-2", "data-complete", "true").await?;
    for _ in 0..2 {
        st.scan("scan-input", &edible).await?;
        st.attr_is("flow-prompt", "data-kind", "seal").await?;
        st.key("scan-input", "y").await?;
        st.attr_is("flow-feedback", "data-key", "accepted").await?;
    }
    st.attr_is("line-3", "data-complete", "true").await?;

    // Blind verify: every item in the bin again, then Enter; the staging scan commits.
    st.key("scan-input", Key::Enter).await?;
    st.attr_is("flow-screen", "data-step", "verify").await?;
    for uid in [&portion, &vape, &edible, &edible] {
        st.scan("scan-input", uid).await?;
        st.attr_is("flow-feedback", "data-key", "matched").await?;
    }
    st.key("scan-input", Key::Enter).await?;
    st.attr_is("flow-screen", "data-step", "stage").await?;
    st.scan("scan-input", "STAGING-A1").await?;
    st.field("staged-view").await?;
    let order = stored_snapshot(data_dir, JANE_DOE_ORDER)?;
    assert_eq!(order.status, OrderStatus::Staged);
    Ok(Picked {
        bulk,
        portion,
        vape,
        edible,
    })
}

/// The weigh-out screen's live display shows `grams` net, stable.
async fn shows_stable(st: &Station<'_>, grams: &str) -> TestResult {
    st.attr_is("weight-net", "data-value", grams).await?;
    st.attr_is("weight-display", "data-state", "stable").await
}

/// A JSON value as plain text: BioTrack sends numbers as strings or numbers.
fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The `data` rows of every ledger entry for `action`.
fn rows<'a>(ledger: &'a [Value], action: &str) -> Vec<&'a Value> {
    ledger
        .iter()
        .filter(|e| e["action"] == action)
        .flat_map(|e| match &e["request"]["data"] {
            Value::Array(rows) => rows.iter().collect::<Vec<_>>(),
            one => vec![one],
        })
        .collect()
}

/// The sandbox's writes for this order's packages (ignoring id pre-assignments).
async fn sandbox_writes(sandbox: &Sandbox) -> TestResult<usize> {
    Ok(sandbox
        .ledger()
        .await?
        .iter()
        .filter(|e| e["action"] != "id_preassign")
        .count())
}

/// Waits until the ledger holds the three splits and the three moves, then checks each is there
/// once: the bulk flower into the portion, the vape and gummy lots into lots of the units taken, and
/// those three new packages (and nothing else) moved to pending sale.
async fn ledger_has_each_once(sandbox: &Sandbox, p: &Picked) -> TestResult {
    let complete = |ledger: &[Value]| {
        rows(ledger, "inventory_split").len() >= 3 && rows(ledger, "inventory_move").len() >= 3
    };
    let ledger = eventually(
        "BioTrack's ledger holds the splits and the moves",
        || async {
            let ledger = sandbox.ledger().await?;
            Ok(complete(&ledger).then_some(ledger))
        },
    )
    .await?;
    let mut splits: Vec<(String, String, String)> = rows(&ledger, "inventory_split")
        .iter()
        .map(|r| {
            (
                plain(&r["barcodeid"]),
                plain(&r["remove_quantity"]),
                plain(&r["barcode_id_preassigned"]),
            )
        })
        .collect();
    splits.sort();
    assert_eq!(splits.len(), 3, "three splits: {ledger:#?}");
    let into = |lot: &str| -> TestResult<&(String, String, String)> {
        let found: Vec<_> = splits.iter().filter(|s| s.0 == lot).collect();
        match found.as_slice() {
            [one] => Ok(*one),
            other => Err(format!("lot {lot} split {} times: {splits:?}", other.len()).into()),
        }
    };
    let (_, grams, portion) = into(&p.bulk)?;
    assert_eq!((grams.as_str(), portion), ("3.5", &p.portion));
    let (_, vape_units, vape_lot) = into(&p.vape)?;
    let (_, edible_units, edible_lot) = into(&p.edible)?;
    assert_eq!((vape_units.as_str(), edible_units.as_str()), ("1", "2"));
    let mut minted: Vec<String> = ledger
        .iter()
        .filter(|e| e["action"] == "inventory_split")
        .flat_map(|e| e["minted"].as_array().cloned().unwrap_or_default())
        .map(|v| plain(&v))
        .collect();
    minted.sort();
    let mut new_lots = vec![portion.clone(), vape_lot.clone(), edible_lot.clone()];
    new_lots.sort();
    assert_eq!(minted, new_lots, "BioTrack created exactly these lots");
    let mut moved: Vec<(String, String)> = rows(&ledger, "inventory_move")
        .iter()
        .map(|r| (plain(&r["barcodeid"]), plain(&r["room"])))
        .collect();
    moved.sort();
    let want: Vec<(String, String)> = new_lots
        .iter()
        .map(|u| (u.clone(), PENDING_SALE_ROOM.to_owned()))
        .collect();
    assert_eq!(moved, want, "each new package moved to pending sale once");
    Ok(())
}
