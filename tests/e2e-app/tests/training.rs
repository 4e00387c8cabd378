//! The real app in training mode under WebDriver: every test signs in through the UI first.

use vaultpick_e2e_app::{App, MANAGER, TECHNICIAN, TestResult, files_containing};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_shows_the_queue_and_the_link_goes_online_once_the_sandbox_answers() -> TestResult {
    let app = App::start().await?;
    app.wait("signin-screen").await?;
    assert_eq!(
        app.count("[data-testid^='queue-row-']").await?,
        0,
        "queue before sign-in"
    );
    let demo = app.wait("signin-demo").await?.text().await?;
    assert!(demo.contains("B-1042") && demo.contains("1234"), "{demo}");
    app.sign_in(TECHNICIAN.0, TECHNICIAN.1).await?;
    app.wait("queue-list").await?;
    assert!(
        app.count("[data-testid^='queue-row-']").await? > 0,
        "queue rows"
    );
    app.wait_attr("session-agent", "data-badge", "B1042")
        .await?;
    app.wait_attr("status-link", "data-state", "online").await?;
    app.quit().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_pin_is_refused_with_a_message() -> TestResult {
    let app = App::start().await?;
    app.sign_in(TECHNICIAN.0, "9999").await?;
    let message = app.wait("signin-error").await?.text().await?;
    assert_eq!(message, "badge or PIN not recognised");
    assert_eq!(app.count("[data-testid='queue-list']").await?, 0);
    app.quit().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lock_then_unlock_with_badge_and_pin() -> TestResult {
    let app = App::signed_in().await?;
    app.wait("queue-list").await?;
    app.wait("session-lock").await?.click().await?;
    app.wait("lock-screen").await?;
    assert_eq!(
        app.count("[data-testid='queue-list']").await?,
        0,
        "queue hidden"
    );
    // Another agent may unlock: from then on actions are theirs.
    app.sign_in(MANAGER.0, MANAGER.1).await?;
    app.wait("queue-list").await?;
    app.wait_attr("session-agent", "data-badge", "M2001")
        .await?;
    app.quit().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_run_no_credential_bytes_are_in_the_data_directory() -> TestResult {
    let app = App::signed_in().await?;
    // Online means the client logged in to the sandbox with the keyring's password.
    app.wait_attr("status-link", "data-state", "online").await?;
    let dir = app.quit().await?;
    let password = vaultpick_sandbox::biotrack::TRAINING_PASSWORD.as_bytes();
    let leaks = files_containing(dir.path(), password)?;
    assert!(leaks.is_empty(), "the BioTrack password is in {leaks:?}");
    // The scan does find what is there: the audit log names the signed-in badge.
    let with_badge = files_containing(dir.path(), b"B1042")?;
    assert!(
        !with_badge.is_empty(),
        "scan found nothing at all in {}",
        dir.path().display()
    );
    assert!(
        files_containing(dir.path(), b"logging started")?
            .iter()
            .any(|p| p.to_string_lossy().contains("logs")),
        "the log files were scanned"
    );
    Ok(())
}
