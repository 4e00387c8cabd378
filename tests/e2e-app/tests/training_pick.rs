//! A training order with one counted line, ticket to staged, in the real app (keyboard and scanner
//! only). Jane Doe's whole order, with the weigh-out and the BioTrack ledger, is in
//! `training_jane_doe.rs`.
//!
//! Run (after building the app with its UI embedded, see `vaultpick_e2e_app::app_binary`):
//! `xvfb-run -a dbus-run-session -- cargo test -p vaultpick-e2e-app --test training_pick`

use std::path::Path;
use thirtyfour::prelude::*;
use vaultpick_core::domain::{OrderStatus, Quantity, Uid};
use vaultpick_core::ports::TraceOp;
use vaultpick_core::store;

use vaultpick_core::Store;
use vaultpick_e2e_app::TestResult;
use vaultpick_e2e_app::page::{AppSession, eventually};
use vaultpick_e2e_app::signin::TECHNICIAN;
use vaultpick_e2e_app::station::{
    Inputs, Station, in_training_app, link_ready, printed_barcodes, stored_snapshot,
};

/// A training order with one counted line goes all the way in the real app: claim by ticket, pick
/// with the seal check, blind verify, scan the staging location (commit + exit-bag label printed and
/// decoded), back to the queue where the speed panel counts it. The outbox holds the split of the
/// unit off its lot and exactly one move of that new package to the pending-sale room.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_counted_order_is_picked_verified_and_staged_in_the_real_app() -> TestResult {
    in_training_app("A one-line counted order, ticket to staged", stage).await
}

const COUNTED_ORDER: &str = "POS-10002";

async fn stage(session: &AppSession, data_dir: &Path, print_dir: &Path) -> TestResult<Inputs> {
    // Everything is behind sign-in; the badge and PIN are not counted as the order's inputs.
    session.sign_in(TECHNICIAN).await?;
    // The commit splits the unit off its lot under a pre-assigned id: the pool must be filled.
    link_ready(session, data_dir).await?;
    let mut st = Station::new(session);
    st.field(&format!("queue-row-{COUNTED_ORDER}")).await?;
    st.scan("queue-scan", COUNTED_ORDER).await?;
    st.attr_is("flow-screen", "data-order", COUNTED_ORDER)
        .await?;
    let store = Store::open_in(data_dir.join("training"))?;
    let snap = stored_snapshot(data_dir, COUNTED_ORDER)?;
    assert_eq!(snap.lines.len(), 1, "{snap:?}");
    assert_eq!(snap.lines[0].wanted.amount, 1);
    let uid = snap.lines[0]
        .suggested
        .as_ref()
        .ok_or("no suggested package")?
        .uid
        .to_string();

    st.scan("scan-input", &uid).await?;
    st.attr_is("flow-prompt", "data-kind", "seal").await?;
    st.key("scan-input", "y").await?;
    st.attr_is("line-1", "data-complete", "true").await?;
    st.key("scan-input", Key::Enter).await?;
    st.attr_is("flow-screen", "data-step", "verify").await?;
    st.attr_is("verify-view", "data-blind", "true").await?;
    st.scan("scan-input", &uid).await?;
    st.attr_is("flow-feedback", "data-key", "matched").await?;
    st.key("scan-input", Key::Enter).await?;
    st.attr_is("flow-screen", "data-step", "stage").await?;
    st.scan("scan-input", "STAGING-B4").await?;
    st.field("staged-view").await?;
    assert_eq!(st.text("staged-location").await?, "STAGING-B4");

    // The exit-bag label reached the print folder and scans as the order id.
    assert_eq!(
        printed_barcodes(print_dir, "exit-bag")?,
        vec![COUNTED_ORDER.to_owned()]
    );
    // One transaction: staged; the unit taken is split off its lot under a pre-assigned id, and
    // exactly that new package moves to pending sale (room 2).
    let order = store
        .read(|c| store::load_order(c, COUNTED_ORDER))?
        .ok_or("order gone")?;
    assert_eq!(order.status, OrderStatus::Staged);
    let ops: Vec<String> = store.read(|c| {
        let mut stmt = c.prepare("SELECT op FROM outbox ORDER BY id")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    })?;
    let queued: Vec<TraceOp> = ops
        .iter()
        .map(|j| serde_json::from_str(j))
        .collect::<Result<_, _>>()?;
    let [
        TraceOp::Split {
            from,
            quantity,
            new_uid: Some(into),
        },
        TraceOp::Move { uid: moved, room },
    ] = queued.as_slice()
    else {
        return Err(format!("expected a split then a move: {ops:?}").into());
    };
    assert_eq!(
        (from, *quantity, moved, *room),
        (&Uid(uid.clone()), Quantity::units(1), into, 2)
    );
    assert_eq!(
        st.text("staged-split").await?.split(' ').nth(3),
        Some(uid.as_str())
    );

    // Back to the queue; the speed panel counts the order for this agent.
    st.key("scan-input", Key::Enter).await?;
    st.field("queue-scan").await?;
    eventually("the speed panel counts the staged order", || async {
        Ok(st
            .session
            .shown("speed-agent-orders", "data-testid")
            .await
            .ok()
            .filter(|(t, _)| t == "1")
            .map(|_| ()))
    })
    .await?;
    Ok(st.inputs)
}
