//! The real app in training mode shows Jane Doe's order with its three lines and a running
//! countdown, and the whole queue it shows is what its SQLite store holds.
//!
//! Run (after building the app with its UI embedded, see `vaultpick_e2e_app::app_binary`):
//! `xvfb-run -a dbus-run-session -- cargo test -p vaultpick-e2e-app`

use chrono::Utc;
use std::path::Path;
use vaultpick_core::Store;
use vaultpick_core::domain::{Quantity, QuantityUnit};
use vaultpick_core::outbox::{self, DeadlinePolicy};
use vaultpick_core::queue::{self, QueueEntry};
use vaultpick_e2e_app::page::{AppSession, ShownOrder, eventually};
use vaultpick_e2e_app::signin::TECHNICIAN;
use vaultpick_e2e_app::{TestResult, with_app};

/// The queue screen's quantity format, written out independently of the UI's code.
fn shown_quantity(q: &Quantity) -> String {
    match q.unit {
        QuantityUnit::Milligram => format!("{}.{:02} g", q.amount / 1000, (q.amount % 1000) / 10),
        QuantityUnit::Each => format!("{} ea", q.amount),
    }
}

/// What the store holds, read through the engine's own queue query on the app's database file.
fn stored_queue(data_dir: &Path) -> TestResult<(Vec<QueueEntry>, u32)> {
    let store = Store::open_in(data_dir.join("training"))?;
    let entries = queue::queue(&store)?;
    let outbox = store
        .read(|c| outbox::outbox_status(c, &DeadlinePolicy::default(), Utc::now()))?
        .depth;
    Ok((entries, outbox))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn training_queue_shows_jane_doe_as_stored() -> TestResult {
    let data = tempfile::tempdir()?;
    with_app(
        &[("VAULTPICK_DATA_DIR", data.path())],
        &["--training"],
        async |s| check_queue(s, data.path()).await,
    )
    .await
}

async fn check_queue(session: &AppSession, data_dir: &Path) -> TestResult {
    // Everything is behind sign-in.
    session.sign_in(TECHNICIAN).await?;
    // The screen and the store agree on the whole queue, in order (polled: the app may still be
    // taking the first page of demo orders when the window opens).
    let (shown, stored, stored_outbox) =
        eventually("the screen shows the stored queue", || async {
            let shown = session.shown_queue().await?;
            let (stored, outbox) = stored_queue(data_dir)?;
            let same_ids = !stored.is_empty()
                && shown
                    .iter()
                    .map(|o| &o.pos_id)
                    .eq(stored.iter().map(|e| &e.pos_id));
            Ok(same_ids.then_some((shown, stored, outbox)))
        })
        .await?;
    assert!(
        stored.len() >= 25,
        "training has a full day of orders, got {}",
        stored.len()
    );

    let jane_stored = stored
        .iter()
        .find(|e| e.customer == "Jane Doe")
        .ok_or("the store holds no order for Jane Doe")?;
    let jane_shown: &ShownOrder = shown
        .iter()
        .find(|o| o.pos_id == jane_stored.pos_id)
        .ok_or("Jane Doe's order is not on screen")?;
    assert_eq!(jane_shown.customer, "Jane Doe");

    // Her three lines, each as stored: product, quantity and description.
    assert_eq!(
        jane_stored.lines.len(),
        3,
        "Jane Doe's stored order has three lines"
    );
    assert_eq!(
        jane_shown.lines.len(),
        jane_stored.lines.len(),
        "{jane_shown:#?}"
    );
    for (shown, stored) in jane_shown.lines.iter().zip(&jane_stored.lines) {
        assert_eq!(
            shown.test_id,
            format!("line-{}-{}", jane_stored.pos_id, stored.line_no)
        );
        assert_eq!(shown.sku, stored.sku);
        assert_eq!(shown.quantity, shown_quantity(&stored.wanted));
        assert!(
            shown.text.contains(&stored.description),
            "{shown:?} vs {stored:?}"
        );
    }
    let quantities: Vec<&str> = jane_shown
        .lines
        .iter()
        .map(|l| l.quantity.as_str())
        .collect();
    assert_eq!(quantities, ["3.50 g", "1 ea", "2 ea"]);

    // Her countdown matches her stored promised time (allowing for a slow machine) ...
    let expected = (jane_stored.promised_at - Utc::now()).num_seconds();
    assert!(
        (jane_shown.seconds_left - expected).abs() <= 60,
        "countdown {} s ({}), stored promise implies {expected} s",
        jane_shown.seconds_left,
        jane_shown.countdown
    );
    assert!(!jane_shown.countdown.is_empty());
    // ... and runs.
    let countdown_id = format!("countdown-{}", jane_stored.pos_id);
    let first = jane_shown.seconds_left;
    eventually("Jane Doe's countdown ticks", || async {
        let (_, secs) = session.shown(&countdown_id, "data-seconds-left").await?;
        let secs: i64 = secs.ok_or("countdown has no seconds")?.parse()?;
        Ok((secs < first).then_some(()))
    })
    .await?;

    // The status bar is bound to the same store.
    let (depth, _) = session.shown("status-outbox-depth", "data-value").await?;
    assert_eq!(depth, stored_outbox.to_string());
    // Training's BioTrack sandbox answers: the link goes online.
    session
        .wait_attr("status-link", "data-state", "online")
        .await?;
    let (_, mode) = session.shown("status-mode", "data-state").await?;
    assert_eq!(mode.as_deref(), Some("training"));
    Ok(())
}
