//! The BioTrack password never shows up in Debug output, in any log line (all crates, TRACE level),
//! or in the sandbox's ledger, through login, expiry and re-login.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use std::io::Write;
use std::sync::{Arc, Mutex};
use vaultpick_core::domain::{Quantity, Uid};
use vaultpick_core::ports::{TraceOp, TraceSystem};
use vaultpick_sandbox::biotrack::Fault;
use vaultpick_trace::TxWindow;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

// Current-thread runtime: the sandbox, the client and hyper all log on this thread, into `logs`.
#[tokio::test]
async fn the_password_never_reaches_debug_output_logs_or_the_ledger() -> TestResult {
    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let sandbox = sandbox().await?;
    let client = agent(&sandbox);
    client.login().await?;
    sandbox.inject(Fault::ExpireSessions);
    client
        .apply(&TraceOp::Split {
            from: Uid::from(FLOWER),
            quantity: Quantity::milligrams(1_000),
            new_uid: None,
        })
        .await?;
    client.sync_inventory(TxWindow::all()).await?;
    let wrong = client_as(&sandbox, AGENT, "wrong-password-5521");
    assert!(wrong.login().await.is_err());

    let debug = format!("{client:?} {wrong:?} {:?}", common::dataset());
    let logged = String::from_utf8(logs.0.lock().unwrap().clone())?;
    let ledger = serde_json::to_string(&sandbox.ledger())?;
    assert!(
        logged.contains("BioTrack call"),
        "the capture works: {logged}"
    );
    assert!(debug.contains(AGENT), "{debug}");
    for secret in [AGENT_PASSWORD, "wrong-password-5521", VIEWER_PASSWORD] {
        assert!(
            !debug.contains(secret),
            "Debug output leaks a password: {debug}"
        );
        assert!(!logged.contains(secret), "logs leak a password");
        assert!(!ledger.contains(secret), "ledger leaks a password");
    }
    Ok(())
}
