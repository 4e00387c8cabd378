//! The technician at the real app in training mode: a scan is text and Enter into the focused scan
//! field (as a keyboard-wedge scanner types it), a key is one key press; both are counted. Plus
//! reading the app's store and decoding the PDFs it printed.

use crate::page::{AppSession, eventually};
use crate::{TestResult, with_app};
use std::path::Path;
use std::process::Command;
use thirtyfour::prelude::*;
use vaultpick_core::workflow::{PickSnapshot, Workflow, WorkflowSettings};
use vaultpick_core::{Store, SystemClock, outbox};

/// The order as the app's store holds it (read through the engine's own snapshot query).
pub fn stored_snapshot(data_dir: &Path, order: &str) -> TestResult<PickSnapshot> {
    let store = Store::open_in(data_dir.join("training"))?;
    let wf = Workflow::new(
        &store,
        &SystemClock,
        WorkflowSettings::new("read-only", 2, 1, 3),
    );
    Ok(wf.pick_snapshot(order)?)
}

/// Counts what the technician does: scans (text + Enter in the scan field) and single keys.
#[derive(Default, Debug)]
pub struct Inputs {
    pub scans: u32,
    pub keys: u32,
    pub clicks: u32,
}

/// WebDriver's answer for an element that is being replaced: it typed nothing, so a retry is safe.
fn is_going_away(error: &str) -> bool {
    error.contains("not interactable") || error.contains("stale element")
}

/// The technician at the station: every scan and key goes through the focused scan field and is
/// counted in `inputs`.
pub struct Station<'a> {
    pub session: &'a AppSession,
    pub inputs: Inputs,
}

impl<'a> Station<'a> {
    pub fn new(session: &'a AppSession) -> Station<'a> {
        Station {
            session,
            inputs: Inputs::default(),
        }
    }

    /// The element once it is on screen, shown and enabled (screens swap as an order moves on).
    pub async fn field(&self, test_id: &str) -> TestResult<WebElement> {
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
    pub async fn type_into(&self, test_id: &str, keys: impl Fn() -> TypingData) -> TestResult {
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
    pub async fn scan(&mut self, field: &str, text: &str) -> TestResult {
        self.type_into(field, || text.into()).await?;
        self.type_into(field, || Key::Enter.into()).await?;
        self.inputs.scans += 1;
        Ok(())
    }

    pub async fn key(&mut self, field: &str, key: impl Into<TypingData> + Clone) -> TestResult {
        self.type_into(field, || key.clone().into()).await?;
        self.inputs.keys += 1;
        Ok(())
    }

    pub async fn attr_is(&self, test_id: &str, attr: &str, want: &str) -> TestResult {
        self.session.wait_attr(test_id, attr, want).await
    }

    pub async fn text(&self, test_id: &str) -> TestResult<String> {
        Ok(self.session.shown(test_id, "data-testid").await?.0)
    }
}

/// Every barcode zbarimg finds in the PDF rasterised at the printer's 203 dpi.
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
pub async fn in_training_app(
    what: &str,
    drive: impl AsyncFnOnce(&AppSession, &Path, &Path) -> TestResult<Inputs>,
) -> TestResult {
    let data = tempfile::tempdir()?;
    let printed = tempfile::tempdir()?;
    let env = [
        ("VAULTPICK_DATA_DIR", data.path()),
        ("VAULTPICK_PRINT_DIR", printed.path()),
    ];
    let inputs = with_app(&env, &["--training"], async |s| {
        drive(s, data.path(), printed.path()).await
    })
    .await?;
    println!(
        "{what}: {} scans, {} keys, {} clicks",
        inputs.scans, inputs.keys, inputs.clicks
    );
    Ok(())
}

/// BioTrack is online and the pre-assigned id pool (weigh-outs, lots split at commit) has ids.
pub async fn link_ready(session: &AppSession, data_dir: &Path) -> TestResult {
    Station::new(session)
        .attr_is("status-link", "data-state", "online")
        .await?;
    let store = Store::open_in(data_dir.join("training"))?;
    eventually("the pre-assigned id pool is filled", || async {
        Ok((store.read(outbox::free_preassigned)? > 0).then_some(()))
    })
    .await
}

/// Every change the app queued has been accepted by BioTrack (read from the app's own outbox, so a
/// status bar that has not refreshed yet cannot pass it early).
pub async fn all_sent(data_dir: &Path) -> TestResult {
    let store = Store::open_in(data_dir.join("training"))?;
    eventually("every queued change is in BioTrack", || async {
        let (queued, waiting): (i64, i64) = store.read(|c| {
            Ok(c.query_row(
                "SELECT COUNT(*), COALESCE(SUM(state <> 'done'), 0) FROM outbox",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })?;
        Ok((queued > 0 && waiting == 0).then_some(()))
    })
    .await
}

/// The barcodes on the document of `kind` (`package-label`, `exit-bag`, ...) the app printed into
/// `print_dir` (`VAULTPICK_PRINT_DIR`), as zbarimg reads them at 203 dpi.
pub fn printed_barcodes(print_dir: &Path, kind: &str) -> TestResult<Vec<String>> {
    let prefix = format!("{kind}-");
    let pdf = std::fs::read_dir(print_dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(&prefix))
        })
        .ok_or_else(|| format!("no {kind} PDF in the print folder"))?;
    let raster = tempfile::tempdir()?;
    decode_pdf(&pdf, raster.path())
}
