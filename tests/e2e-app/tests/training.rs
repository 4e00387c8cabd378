//! The real app in training mode: sign-in, the BioTrack sandbox link, wrong PINs, lock and unlock,
//! and no credential bytes in the data folder after a run. Every test signs in through the UI.

use std::path::Path;
use vaultpick_e2e_app::page::AppSession;
use vaultpick_e2e_app::signin::{MANAGER, TECHNICIAN, files_containing};
use vaultpick_e2e_app::{TestResult, with_app};

/// Runs `check` against a fresh training app in `data`, then closes it whatever happened.
async fn with_training_app(
    data: &Path,
    check: impl AsyncFnOnce(&AppSession) -> TestResult,
) -> TestResult {
    with_app(&[("VAULTPICK_DATA_DIR", data)], &["--training"], check).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_shows_the_queue_and_the_link_goes_online_once_the_sandbox_answers() -> TestResult {
    let data = tempfile::tempdir()?;
    with_training_app(data.path(), async |s| {
        s.wait_for("signin-screen").await?;
        assert_eq!(
            s.count("[data-testid^='queue-row-']").await?,
            0,
            "queue before sign-in"
        );
        let demo = s.wait_for("signin-demo").await?.text().await?;
        assert!(demo.contains("B-1042") && demo.contains("1234"), "{demo}");
        assert!(demo.contains("M-2001") && demo.contains("2468"), "{demo}");
        s.sign_in(TECHNICIAN).await?;
        s.wait_for("queue-list").await?;
        assert!(
            s.count("[data-testid^='queue-row-']").await? > 0,
            "queue rows"
        );
        s.wait_attr("status-link", "data-state", "online").await
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_pin_is_refused_with_a_message() -> TestResult {
    let data = tempfile::tempdir()?;
    with_training_app(data.path(), async |s| {
        s.wait_for("signin-screen").await?;
        s.type_sign_in(TECHNICIAN.0, "9999").await?;
        let message = s.wait_for("signin-error").await?.text().await?;
        assert_eq!(message, "badge or PIN not recognised");
        assert_eq!(s.count("[data-testid='queue-list']").await?, 0);
        // The PIN field keeps the focus: the right PIN then signs in.
        s.type_sign_in("", TECHNICIAN.1).await?;
        s.wait_for("queue-list").await?;
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lock_then_unlock_with_badge_and_pin() -> TestResult {
    let data = tempfile::tempdir()?;
    with_training_app(data.path(), async |s| {
        s.sign_in(TECHNICIAN).await?;
        s.wait_for("queue-list").await?;
        s.wait_for("session-lock").await?.click().await?;
        s.wait_for("lock-screen").await?;
        assert_eq!(
            s.count("[data-testid='queue-list']").await?,
            0,
            "queue hidden"
        );
        // Another agent may unlock: from then on actions are theirs.
        s.type_sign_in(MANAGER.0, MANAGER.1).await?;
        s.wait_for("queue-list").await?;
        s.wait_attr("session-agent", "data-badge", "M2001").await
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_run_no_credential_bytes_are_in_the_data_folder() -> TestResult {
    let data = tempfile::tempdir()?;
    with_training_app(data.path(), async |s| {
        s.sign_in(TECHNICIAN).await?;
        // Online: the client has logged in to the sandbox with the keyring's password.
        s.wait_attr("status-link", "data-state", "online").await
    })
    .await?;
    let password = vaultpick_sandbox::biotrack::TRAINING_PASSWORD.as_bytes();
    let leaks = files_containing(data.path(), password)?;
    assert!(leaks.is_empty(), "the BioTrack password is in {leaks:?}");
    // The scan does see what is there: the store and the log name the signed-in badge.
    let seen = files_containing(data.path(), b"B1042")?;
    assert!(
        seen.iter().any(|p| p.to_string_lossy().contains("sqlite")),
        "{seen:?}"
    );
    let logged = files_containing(data.path(), b"signed in")?;
    assert!(
        logged.iter().any(|p| p.to_string_lossy().contains("logs")),
        "the log files were scanned: {logged:?}"
    );
    Ok(())
}
