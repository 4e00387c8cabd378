//! The real app in production mode (no `--training`): the test plays the state system itself with a
//! BioTrack sandbox on loopback, and the station's `vaultpick.json` points at it. First-run setup
//! enrols the Inventory Manager and stores the BioTrack account in the OS keyring; the manager signs
//! in; the link goes online with the keyring's account (BioTrack's ledger shows the station fetching
//! pre-assigned ids as that user); not one byte of the password is in the data folder.
//!
//! Needs a Secret Service (`.ci/test` starts a throwaway gnome-keyring). The app is a debug build, so
//! its account lives under the dev keyring namespace; the test forgets it before and after.
//!
//! Run (after building the app with its UI embedded, see `vaultpick_e2e_app::app_binary`):
//! `xvfb-run -a dbus-run-session -- cargo test -p vaultpick-e2e-app --test production`

use serde_json::json;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;
use vaultpick_e2e_app::page::{AppSession, eventually};
use vaultpick_e2e_app::signin::files_containing;
use vaultpick_e2e_app::{TestResult, with_app};
use vaultpick_sandbox::biotrack::{
    BioTrackSandbox, TRAINING_LICENSE, TRAINING_LOCATION, TRAINING_PASSWORD, TRAINING_USER,
    training_dataset,
};
use vaultpick_secrets::{BuildKind, KeyringSecretStore, forget_credentials};

const MANAGER: (&str, &str) = ("M-9001", "86420");

/// The debug app's production account, gone (a developer's earlier run may have left one).
fn forget_account() -> TestResult {
    forget_credentials(&KeyringSecretStore::new(BuildKind::Dev))?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn production_first_run_sets_up_signs_in_and_reaches_the_configured_biotrack() -> TestResult {
    let biotrack = BioTrackSandbox::start(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await?;
    biotrack.load(&training_dataset(&[]))?;
    let data = tempfile::tempdir()?;
    let station = data.path().join("production");
    std::fs::create_dir_all(&station)?;
    let settings = json!({
        "biotrack": {
            "state": "NM",
            "location": TRAINING_LOCATION,
            "rooms": { "vault": 1, "pending_sale": 2, "quarantine": 3 },
            "base_url": biotrack.base_url(),
        },
        "station": { "name": "back-vault", "dispensary_name": "Green Door" },
    });
    std::fs::write(station.join("vaultpick.json"), settings.to_string())?;
    forget_account()?;

    let ran = with_app(&[("VAULTPICK_DATA_DIR", data.path())], &[], async |s| {
        first_run(s, &biotrack, &station).await
    })
    .await;
    let forgotten = forget_account();
    biotrack.shutdown().await;
    ran?;
    forgotten
}

/// Types into a setup field once it takes keys: the sign-in screen shows first and gives way to the
/// setup screen when the first status report says the station needs setting up. The field is
/// scrolled into view first, as a user scrolls down the form.
async fn fill(s: &AppSession, test_id: &str, text: &str) -> TestResult {
    eventually(&format!("{test_id} takes keys"), || async {
        let field = s.wait_for(test_id).await?;
        s.driver()
            .execute(
                "arguments[0].scrollIntoView({block: 'center'});",
                vec![field.to_json()?],
            )
            .await?;
        match s.fill(test_id, text).await {
            Ok(()) => Ok(Some(())),
            Err(e) if e.to_string().contains("not interactable") => Ok(None),
            Err(e) => Err(e),
        }
    })
    .await
}

async fn first_run(s: &AppSession, biotrack: &BioTrackSandbox, station: &Path) -> TestResult {
    s.wait_for("setup-screen").await?;
    fill(s, "setup-manager-badge", MANAGER.0).await?;
    fill(s, "setup-manager-name", "Pat Lee").await?;
    fill(s, "setup-manager-pin", MANAGER.1).await?;
    fill(s, "setup-licence", TRAINING_LICENSE).await?;
    fill(s, "setup-username", TRAINING_USER).await?;
    fill(s, "setup-password", TRAINING_PASSWORD).await?;
    s.click("setup-submit").await?;

    s.sign_in(MANAGER).await?;
    s.wait_attr("status-link", "data-state", "online").await?;
    assert_eq!(
        s.count("[data-testid=\"status-mode\"]").await?,
        0,
        "no training banner in production"
    );
    // The station reached BioTrack with the keyring's account: it fetched pre-assigned ids as that user.
    eventually(
        "the station fetched pre-assigned ids from BioTrack",
        || async {
            Ok(biotrack
                .ledger()
                .iter()
                .any(|e| {
                    e.action == "id_preassign" && e.username.eq_ignore_ascii_case(TRAINING_USER)
                })
                .then_some(()))
        },
    )
    .await?;
    // No POS is connected in production yet: the queue is empty rather than full of demo orders.
    let (count, _) = s.shown("queue-count", "data-testid").await?;
    assert_eq!(count, "0 open orders");
    assert!(s.shown_queue().await?.is_empty());
    let leaked = files_containing(station, TRAINING_PASSWORD.as_bytes())?;
    assert!(leaked.is_empty(), "the password is in {leaked:?}");
    Ok(())
}
