//! Errors and quirks: session expiry, privileges, refusals, tolerant decoding, and every injected
//! fault mapped to the right error kind, with read-back deciding what happened to lost writes.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use vaultpick_core::domain::{Quantity, Uid};
use vaultpick_core::ports::{AdjustReason, TraceError, TraceOp, TraceSystem};
use vaultpick_sandbox::biotrack::{Fault, NumberStyle, SandboxConfig};
use vaultpick_trace::TxWindow;

fn move_to(room: i64) -> TraceOp {
    TraceOp::Move {
        uid: Uid::from(FLOWER),
        room,
    }
}

fn split(grams: i64) -> TraceOp {
    TraceOp::Split {
        from: Uid::from(FLOWER),
        quantity: Quantity::milligrams(grams * 1000),
        new_uid: None,
    }
}

fn fault(kind: &str, action: &str) -> Fault {
    let action = Some(action.to_owned());
    match kind {
        "drop" => Fault::DropRequest { count: 1, action },
        "apply_then_drop" => Fault::ApplyThenDropReply { count: 1, action },
        "garbage" => Fault::Garbage { count: 1, action },
        "leaked" => Fault::LeakedHeader { count: 1, action },
        "429" => Fault::TooManyRequests { count: 1, action },
        _ => Fault::ServerError {
            count: 1,
            status: 500,
            action,
        },
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_session_logs_in_again_and_replays_the_refused_call_once() -> TestResult {
    let sandbox = sandbox().await?;
    let client = agent(&sandbox);
    client.login().await?;
    sandbox.inject(Fault::ExpireSessions);
    client.apply(&move_to(PENDING_SALE)).await?;
    assert_eq!(applied(&sandbox, "inventory_move"), 1);

    // Sessions that die at once: the replay after a fresh login is refused too, and not sent again.
    sandbox.configure(SandboxConfig {
        session_lifetime_secs: Some(0),
        ..SandboxConfig::default()
    });
    let error = client.apply(&move_to(VAULT)).await.unwrap_err();
    assert!(matches!(error, TraceError::Transient(_)), "{error:?}");
    assert_eq!(applied(&sandbox, "inventory_move"), 1);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_privilege_and_bad_password_are_plain_account_errors() -> TestResult {
    let sandbox = sandbox().await?;
    let viewer = client_as(&sandbox, VIEWER, VIEWER_PASSWORD);
    assert_eq!(viewer.sync_inventory(TxWindow::all()).await?.len(), 3);
    let error = viewer.apply(&move_to(PENDING_SALE)).await.unwrap_err();
    assert_eq!(
        error,
        TraceError::Unauthorized(
            "The current session does not possess access to the inventory_move privilege.".into()
        )
    );
    let wrong = client_as(&sandbox, AGENT, "not the password");
    let error = wrong.login().await.unwrap_err();
    assert_eq!(
        error,
        TraceError::Unauthorized("Invalid username or password.".into())
    );
    // Usernames are case-insensitive, like BioTrack's.
    client_as(&sandbox, &AGENT.to_uppercase(), AGENT_PASSWORD)
        .login()
        .await?;
    assert!(sandbox.ledger().is_empty());
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn business_errors_are_rejections_with_biotracks_text() -> TestResult {
    let sandbox = sandbox().await?;
    let client = agent(&sandbox);
    let error = client.apply(&split(29)).await.unwrap_err();
    assert_eq!(
        error,
        TraceError::Rejected(format!(
            "The quantity specified exceeds the quantity available for {FLOWER}. (BioTrack error 202)"
        ))
    );
    let unknown = TraceOp::Move {
        uid: Uid::from("6000000010009999"),
        room: VAULT,
    };
    let error = client.apply(&unknown).await.unwrap_err();
    assert!(error.to_string().contains("possession"), "{error}");

    sandbox.inject(Fault::BarcodeError {
        barcode: FLOWER.into(),
        errorcode: 602,
        error: "The item has been seized.".into(),
    });
    let error = client.apply(&move_to(QUARANTINE)).await.unwrap_err();
    assert_eq!(
        error,
        TraceError::Rejected("The item has been seized. (BioTrack error 602)".into())
    );
    sandbox.clear_faults();
    client.apply(&move_to(QUARANTINE)).await?;
    assert_eq!(applied(&sandbox, "inventory_move"), 1);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn numbers_may_arrive_as_numbers_or_strings() -> TestResult {
    for style in [
        NumberStyle::Numbers,
        NumberStyle::Strings,
        NumberStyle::Mixed,
    ] {
        let sandbox = sandbox().await?;
        sandbox.configure(config_with(style));
        let client = agent(&sandbox);
        let first = client.apply(&move_to(PENDING_SALE)).await?;
        let second = client.apply(&split(1)).await?;
        assert_eq!(second.transaction_id, first.transaction_id + 1, "{style:?}");
        assert_eq!(
            client.quantity(&Uid::from(FLOWER)).await?,
            Some(Quantity::milligrams(27_000)),
            "{style:?}"
        );
        let summary = client.sync_check(&[("inventory", 0)]).await?;
        assert_eq!(summary[0].latest, second.transaction_id, "{style:?}");
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leaked_header_text_in_the_body_is_tolerated() -> TestResult {
    let sandbox = sandbox().await?;
    let client = agent(&sandbox);
    sandbox.inject(fault("leaked", "inventory_move"));
    let receipt = client.apply(&move_to(PENDING_SALE)).await?;
    assert_eq!(sandbox.ledger()[0].transactionid, receipt.transaction_id);
    Ok(())
}

/// Sends `op` under `fault`, expects `Ambiguous`, and returns the read-back verdict.
async fn ambiguous_then_read_back(
    fault_kind: &str,
    action: &str,
    op: &TraceOp,
) -> Result<
    (
        vaultpick_sandbox::biotrack::BioTrackSandbox,
        Option<vaultpick_core::ports::TraceReceipt>,
    ),
    Box<dyn std::error::Error>,
> {
    let sandbox = sandbox().await?;
    let client = agent(&sandbox);
    let since = client.watermark().await?;
    sandbox.inject(fault(fault_kind, action));
    let error = client.apply(op).await.unwrap_err();
    assert!(
        matches!(error, TraceError::Ambiguous(_)),
        "{fault_kind}: {error:?}"
    );
    assert!(!error.nothing_applied());
    let found = client.find_applied(op, since).await?;
    Ok((sandbox, found))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lost_replies_are_ambiguous_and_read_back_finds_what_was_applied() -> TestResult {
    let adjust = TraceOp::Adjust {
        uid: Uid::from(FLOWER),
        new_quantity: Quantity::milligrams(27_500),
        reason: AdjustReason::InventoryAudit,
        note: "Recount".into(),
    };
    let cases = [
        ("apply_then_drop", "inventory_split", split(2)),
        ("garbage", "inventory_split", split(2)),
        ("apply_then_drop", "inventory_move", move_to(QUARANTINE)),
        ("apply_then_drop", "inventory_adjust", adjust),
    ];
    for (kind, action, op) in cases {
        let (sandbox, found) = ambiguous_then_read_back(kind, action, &op).await?;
        let ledger = sandbox.ledger();
        assert_eq!(ledger.len(), 1, "{kind} {action}: applied exactly once");
        let receipt = found.unwrap_or_else(|| panic!("{kind} {action}: read-back missed it"));
        assert_eq!(receipt.transaction_id, ledger[0].transactionid);
        if action == "inventory_split" {
            assert_eq!(
                receipt.new_uid.map(|u| u.0),
                ledger[0].minted.first().cloned()
            );
        }
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropped_requests_and_empty_5xx_are_ambiguous_and_read_back_says_not_applied() -> TestResult
{
    for kind in ["drop", "500"] {
        let (sandbox, found) = ambiguous_then_read_back(kind, "inventory_split", &split(2)).await?;
        assert_eq!(found, None, "{kind}");
        assert!(sandbox.ledger().is_empty(), "{kind}");
        // Confirmed absent: now the resend is safe and applies once.
        let client = agent(&sandbox);
        client.apply(&split(2)).await?;
        assert_eq!(applied(&sandbox, "inventory_split"), 1);
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limits_unreachable_servers_and_wrong_urls_are_transient() -> TestResult {
    let sandbox = sandbox().await?;
    let client = agent(&sandbox);
    sandbox.inject(fault("429", "inventory_move"));
    let error = client.apply(&move_to(QUARANTINE)).await.unwrap_err();
    assert!(
        matches!(error, TraceError::Transient(ref t) if t.contains("429")),
        "{error:?}"
    );
    assert!(sandbox.ledger().is_empty());

    let mut settings = settings(format!("{}/nowhere", sandbox.base_url()));
    settings.timeout_secs = 10;
    let credentials = vaultpick_trace::Credentials {
        username: AGENT.into(),
        password: vaultpick_core::ports::Sensitive::new(AGENT_PASSWORD.into()),
    };
    let lost = vaultpick_trace::BioTrackClient::new(settings, credentials.clone())?;
    let error = lost.login().await.unwrap_err();
    assert!(
        matches!(error, TraceError::Transient(ref t) if t.contains("404")),
        "{error:?}"
    );

    // A port held by a socket that never listens refuses connections: nothing can reach a server.
    let holder = tokio::net::TcpSocket::new_v4()?;
    holder.bind("127.0.0.1:0".parse()?)?;
    let closed = format!("http://{}", holder.local_addr()?);
    let gone = vaultpick_trace::BioTrackClient::new(common::settings(closed), credentials)?;
    let error = gone.apply(&move_to(QUARANTINE)).await.unwrap_err();
    assert!(matches!(error, TraceError::Transient(_)), "{error:?}");
    sandbox.shutdown().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_on_reads_are_only_transient() -> TestResult {
    let sandbox = sandbox().await?;
    let client = agent(&sandbox);
    for kind in ["apply_then_drop", "garbage", "500"] {
        sandbox.inject(fault(kind, "sync_inventory"));
        let error = client.sync_inventory(TxWindow::all()).await.unwrap_err();
        assert!(
            matches!(error, TraceError::Transient(_)),
            "{kind}: {error:?}"
        );
    }
    assert_eq!(client.sync_inventory(TxWindow::all()).await?.len(), 3);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_slower_than_the_timeout_is_ambiguous() -> TestResult {
    let sandbox = sandbox().await?;
    let mut settings = settings(sandbox.base_url());
    settings.timeout_secs = 1;
    let client = vaultpick_trace::BioTrackClient::new(
        settings,
        vaultpick_trace::Credentials {
            username: AGENT.into(),
            password: vaultpick_core::ports::Sensitive::new(AGENT_PASSWORD.into()),
        },
    )?;
    // Log in first; a machine busy enough to stretch a loopback login past 1 s just gets retried.
    let mut logged_in = false;
    for _ in 0..30 {
        if client.login().await.is_ok() {
            logged_in = true;
            break;
        }
    }
    assert!(logged_in, "login never finished within the 1 s timeout");
    // Far beyond the 1 s timeout, so a busy machine cannot change the outcome.
    sandbox.inject(Fault::Latency { millis: 30_000 });
    let error = client.apply(&move_to(QUARANTINE)).await.unwrap_err();
    assert!(matches!(error, TraceError::Ambiguous(_)), "{error:?}");
    sandbox.clear_faults();
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_callers_share_one_fresh_login_after_expiry() -> TestResult {
    let sandbox = sandbox().await?;
    let client = std::sync::Arc::new(agent(&sandbox));
    client.login().await?;
    sandbox.inject(Fault::ExpireSessions);
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            client
                .sync_inventory(TxWindow::all())
                .await
                .map(|r| r.len())
        }));
    }
    for task in tasks {
        assert_eq!(task.await??, 3);
    }
    Ok(())
}
