//! The real app in training mode, keyboard and scanner only: claim Jane Doe's order by typing its
//! ticket into the always-focused scan field, pick the vape (one wrong-item scan refused on the way,
//! with its message) and the two edibles with their seal checks by the Y key; the store then holds
//! exactly those picks. The flower line cannot be weighed out until the scale is wired into the app,
//! so verification is refused. Printing the pick ticket reaches `VAULTPICK_PRINT_DIR` as a PDF whose
//! barcode zbarimg decodes to the order id, and the print is in the audit log.
//!
//! Run (after building the app with its UI embedded, see `vaultpick_e2e_app::app_binary`):
//! `xvfb-run -a dbus-run-session -- cargo test -p vaultpick-e2e-app --test training_pick`

use std::path::Path;
use std::process::Command;
use thirtyfour::prelude::*;
use vaultpick_core::demo::JANE_DOE_ORDER;
use vaultpick_core::domain::{OrderStatus, Uid};
use vaultpick_core::ports::TraceOp;
use vaultpick_core::store;
use vaultpick_core::workflow::{PickSnapshot, Workflow, WorkflowSettings};
use vaultpick_core::{Store, SystemClock};
use vaultpick_e2e_app::driver::TauriDriver;
use vaultpick_e2e_app::page::{AppSession, eventually};
use vaultpick_e2e_app::signin::TECHNICIAN;
use vaultpick_e2e_app::{TestResult, app_binary};

fn stored_snapshot(data_dir: &Path) -> TestResult<PickSnapshot> {
    let store = Store::open_in(data_dir.join("training"))?;
    let wf = Workflow::new(
        &store,
        &SystemClock,
        WorkflowSettings::new("read-only", 2, 1, 3),
    );
    Ok(wf.pick_snapshot(JANE_DOE_ORDER)?)
}

/// Counts what the technician does: scans (text + Enter in the scan field) and single keys.
#[derive(Default, Debug)]
struct Inputs {
    scans: u32,
    keys: u32,
    clicks: u32,
}

/// WebDriver's answer for an element that is being replaced: it typed nothing, so a retry is safe.
fn is_going_away(error: &str) -> bool {
    error.contains("not interactable") || error.contains("stale element")
}

struct Station<'a> {
    session: &'a AppSession,
    inputs: Inputs,
}

impl Station<'_> {
    /// The element once it is on screen, shown and enabled (screens swap as an order moves on).
    async fn field(&self, test_id: &str) -> TestResult<WebElement> {
        let css = format!("[data-testid=\"{test_id}\"]");
        eventually(&format!("{test_id} is on screen"), || async {
            let Ok(el) = self.session.driver().find(By::Css(css.as_str())).await else {
                return Ok(None);
            };
            let ready =
                el.is_displayed().await.unwrap_or(false) && el.is_enabled().await.unwrap_or(false);
            Ok(ready.then_some(el))
        })
        .await
    }

    /// Types into a field, waiting out the moment a screen is being replaced (WebDriver refuses
    /// keys to an element that is going away before it types anything, so a retry types once).
    async fn type_into(&self, test_id: &str, keys: impl Fn() -> TypingData) -> TestResult {
        eventually(&format!("{test_id} takes keys"), || async {
            let el = self.field(test_id).await?;
            match el.send_keys(keys()).await {
                Ok(()) => Ok(Some(())),
                Err(e) if is_going_away(&e.to_string()) => Ok(None),
                Err(e) => Err(e.into()),
            }
        })
        .await
    }

    /// A scan as a keyboard-wedge scanner delivers it: the text, then Enter, into the focused field.
    async fn scan(&mut self, field: &str, text: &str) -> TestResult {
        self.type_into(field, || text.into()).await?;
        self.type_into(field, || Key::Enter.into()).await?;
        self.inputs.scans += 1;
        Ok(())
    }

    async fn key(&mut self, field: &str, key: impl Into<TypingData> + Clone) -> TestResult {
        self.type_into(field, || key.clone().into()).await?;
        self.inputs.keys += 1;
        Ok(())
    }

    async fn attr_is(&self, test_id: &str, attr: &str, want: &str) -> TestResult {
        eventually(&format!("{test_id} has {attr}={want}"), || async {
            Ok(self
                .session
                .shown(test_id, attr)
                .await
                .ok()
                .filter(|(_, v)| v.as_deref() == Some(want))
                .map(|_| ()))
        })
        .await
    }

    async fn text(&self, test_id: &str) -> TestResult<String> {
        Ok(self.session.shown(test_id, "data-testid").await?.0)
    }
}

fn decode_pdf(pdf: &Path, dir: &Path) -> TestResult<Vec<String>> {
    let out = Command::new("pdftoppm")
        .args(["-r", "203", "-gray", "-png"])
        .arg(pdf)
        .arg(dir.join("page"))
        .output()?;
    assert!(
        out.status.success(),
        "pdftoppm: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let png = entry?.path();
        if png.extension().is_some_and(|e| e == "png") {
            let out = Command::new("zbarimg").arg("-q").arg(&png).output()?;
            found.extend(
                String::from_utf8_lossy(&out.stdout)
                    .lines()
                    .filter_map(|l| l.split_once(':').map(|(_, d)| d.to_owned())),
            );
        }
    }
    Ok(found)
}

/// Starts the real app in training mode with its own data and print folders, runs `drive`, always
/// closes the session, then prints how many inputs the run needed under `what`.
async fn in_training_app(
    what: &str,
    drive: impl AsyncFnOnce(&AppSession, &Path, &Path) -> TestResult<Inputs>,
) -> TestResult {
    let app = app_binary()?;
    let data = tempfile::tempdir()?;
    let printed = tempfile::tempdir()?;
    let driver = TauriDriver::start(&[
        ("VAULTPICK_DATA_DIR", data.path()),
        ("VAULTPICK_PRINT_DIR", printed.path()),
    ])?;
    let session = AppSession::start(&driver.url(), &app, &["--training"]).await?;
    let checked = drive(&session, data.path(), printed.path()).await;
    let closed = session.quit().await;
    drop(driver);
    let inputs = checked?;
    println!(
        "{what}: {} scans, {} keys, {} clicks",
        inputs.scans, inputs.keys, inputs.clicks
    );
    closed
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jane_doe_picked_by_scan_and_keys_in_the_real_app() -> TestResult {
    in_training_app("Jane Doe's order without the flower line", pick).await
}

async fn pick(session: &AppSession, data_dir: &Path, print_dir: &Path) -> TestResult<Inputs> {
    // Everything is behind sign-in; the badge and PIN are not counted as the order's inputs.
    session.sign_in(TECHNICIAN).await?;
    let mut st = Station {
        session,
        inputs: Inputs::default(),
    };
    st.field(&format!("queue-row-{JANE_DOE_ORDER}")).await?;
    st.scan("queue-scan", JANE_DOE_ORDER).await?;
    st.attr_is("flow-screen", "data-order", JANE_DOE_ORDER)
        .await?;

    let snap = stored_snapshot(data_dir)?;
    assert_eq!(snap.status, OrderStatus::Claimed);
    let uid = |line: usize| -> TestResult<String> {
        Ok(snap.lines[line]
            .suggested
            .as_ref()
            .ok_or("a line has no suggested package")?
            .uid
            .to_string())
    };
    let (vape, edible) = (uid(1)?, uid(2)?);
    assert!(
        st.text("line-2-suggested").await?.starts_with(&vape),
        "the screen suggests the store's package"
    );
    assert_eq!(
        st.text("line-2-location").await?,
        snap.lines[1].vault_location.clone().unwrap_or_default()
    );

    // Down to the vape line; the edible scanned there is refused with the verdict's words.
    st.key("scan-input", Key::Down).await?;
    st.attr_is("line-2", "data-current", "true").await?;
    st.scan("scan-input", &edible).await?;
    st.attr_is("flow-feedback", "data-key", "wrong_product")
        .await?;
    let refusal = st.text("flow-next-step").await?;
    assert!(
        refusal.starts_with("Wrong item: this is Brand Z"),
        "{refusal}"
    );
    st.attr_is("flow-sound", "data-sound", "wrong_item").await?;

    // The vape, then its seal check by Y.
    st.scan("scan-input", &vape).await?;
    st.attr_is("flow-prompt", "data-kind", "seal").await?;
    st.key("scan-input", "y").await?;
    st.attr_is("line-2", "data-complete", "true").await?;
    // The cursor moved on to the edibles by itself: two units, each seal-checked.
    st.attr_is("line-3", "data-current", "true").await?;
    for _ in 0..2 {
        st.scan("scan-input", &edible).await?;
        st.attr_is("flow-prompt", "data-kind", "seal").await?;
        st.key("scan-input", "y").await?;
        st.attr_is("flow-feedback", "data-key", "accepted").await?;
    }
    st.attr_is("line-3", "data-complete", "true").await?;

    // The store holds exactly these picks; the flower line waits for the scale.
    let after = stored_snapshot(data_dir)?;
    assert_eq!(after.status, OrderStatus::Picking);
    assert_eq!(after.lines[1].picked_uids.len(), 1);
    assert_eq!(after.lines[1].picked_uids[0].as_str(), vape);
    assert_eq!(after.lines[2].picked.amount, 2);
    assert!(!after.lines[0].complete && !after.ready_to_verify);
    st.key("scan-input", Key::Enter).await?;
    st.attr_is("flow-feedback", "data-key", "not_ready").await?;

    // Print the pick ticket: the PDF reaches the print folder and decodes to the order id.
    let print = st.field("print-ticket").await?;
    // Delivered to the button itself: a pointer click at coordinates sometimes missed it (the
    // scan field takes the focus back as the pointer goes down), which is not what is tested.
    st.session
        .driver()
        .execute("arguments[0].click();", vec![print.to_json()?])
        .await?;
    st.inputs.clicks += 1;
    st.attr_is("flow-feedback", "data-key", "print_pick-ticket")
        .await?;
    let pdf = std::fs::read_dir(print_dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .ok_or("no PDF in the print folder")?;
    let raster = tempfile::tempdir()?;
    assert_eq!(
        decode_pdf(&pdf, raster.path())?,
        vec![JANE_DOE_ORDER.to_owned()]
    );
    let store = Store::open_in(data_dir.join("training"))?;
    let log = store.read(|c| store::audit_for_subject(c, JANE_DOE_ORDER))?;
    assert_eq!(
        log.iter().filter(|e| e.action == "label_printed").count(),
        1,
        "one print recorded"
    );
    // The click did not keep the scanner's focus: it returns to the scan field.
    eventually("focus is back in the scan field", || async {
        let focused = session
            .driver()
            .execute(
                "return document.activeElement?.getAttribute('data-testid')",
                vec![],
            )
            .await?;
        Ok((focused.json().as_str() == Some("scan-input")).then_some(()))
    })
    .await?;
    Ok(st.inputs)
}

/// A training order with one counted line goes all the way in the real app: claim by ticket, pick
/// with the seal check, blind verify, scan the staging location (commit + exit-bag label printed and
/// decoded), back to the queue where the speed panel counts it. The outbox holds exactly one move to
/// the pending-sale room for the picked package.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_counted_order_is_picked_verified_and_staged_in_the_real_app() -> TestResult {
    in_training_app("A one-line counted order, ticket to staged", stage).await
}

const COUNTED_ORDER: &str = "POS-10002";

async fn stage(session: &AppSession, data_dir: &Path, print_dir: &Path) -> TestResult<Inputs> {
    // Everything is behind sign-in; the badge and PIN are not counted as the order's inputs.
    session.sign_in(TECHNICIAN).await?;
    let mut st = Station {
        session,
        inputs: Inputs::default(),
    };
    st.field(&format!("queue-row-{COUNTED_ORDER}")).await?;
    st.scan("queue-scan", COUNTED_ORDER).await?;
    st.attr_is("flow-screen", "data-order", COUNTED_ORDER)
        .await?;
    let store = Store::open_in(data_dir.join("training"))?;
    let wf = Workflow::new(
        &store,
        &SystemClock,
        WorkflowSettings::new("read-only", 2, 1, 3),
    );
    let snap = wf.pick_snapshot(COUNTED_ORDER)?;
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
    let pdf = std::fs::read_dir(print_dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("exit-bag-"))
        })
        .ok_or("no exit-bag PDF in the print folder")?;
    let raster = tempfile::tempdir()?;
    assert_eq!(
        decode_pdf(&pdf, raster.path())?,
        vec![COUNTED_ORDER.to_owned()]
    );

    // One transaction: staged, and exactly one move of the package to pending sale (room 2).
    let order = store
        .read(|c| store::load_order(c, COUNTED_ORDER))?
        .ok_or("order gone")?;
    assert_eq!(order.status, OrderStatus::Staged);
    let ops: Vec<String> = store.read(|c| {
        let mut stmt = c.prepare("SELECT op FROM outbox ORDER BY id")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    })?;
    let moves: Vec<TraceOp> = ops
        .iter()
        .map(|j| serde_json::from_str(j))
        .collect::<Result<_, _>>()?;
    let want = TraceOp::Move {
        uid: Uid(uid.clone()),
        room: 2,
    };
    assert_eq!(
        moves.iter().filter(|m| **m == want).count(),
        1,
        "exactly one move to pending sale: {ops:?}"
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
