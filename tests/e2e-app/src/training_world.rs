//! The physical world around the station in training: the BioTrack sandbox the app runs on
//! loopback (read its ledger, cut the link and restore it through the admin API) and the pan of the
//! simulated scale (the trainer puts a container and flower on it).

use crate::TestResult;
use crate::page::{AppSession, eventually};
use serde_json::{Value, json};
use std::path::Path;

/// The training sandbox's admin API (src-tauri/crates/sandbox/ADMIN-API.md).
pub struct Sandbox {
    base: String,
    http: reqwest::Client,
}

impl Sandbox {
    /// The sandbox of the app running on `data_dir`, once the app has started it.
    pub async fn of_app(data_dir: &Path) -> TestResult<Sandbox> {
        let file = data_dir.join("training/biotrack-sandbox.url");
        let base = eventually("the app names its BioTrack sandbox", || async {
            // A file still being written reads empty: wait for the whole address.
            Ok(std::fs::read_to_string(&file)
                .ok()
                .map(|s| s.trim().to_owned())
                .filter(|s| s.starts_with("http://")))
        })
        .await?;
        Ok(Sandbox {
            base,
            http: reqwest::Client::new(),
        })
    }

    /// Every write the sandbox applied, in order: `{seq, transactionid, action, request, minted, ...}`.
    pub async fn ledger(&self) -> TestResult<Vec<Value>> {
        let r = self
            .http
            .get(format!("{}/admin/ledger", self.base))
            .send()
            .await?
            .error_for_status()?;
        Ok(r.json().await?)
    }

    /// "BioTrack is unreachable": every request is dropped without being applied or answered.
    pub async fn go_unreachable(&self) -> TestResult {
        self.http
            .post(format!("{}/admin/faults", self.base))
            .json(&json!({"fault": "drop_request", "count": 1_000_000}))
            .send()
            .await?
            .error_for_status()?;
        Ok(())
    }

    /// BioTrack answers again.
    pub async fn come_back(&self) -> TestResult {
        self.http
            .delete(format!("{}/admin/faults", self.base))
            .send()
            .await?
            .error_for_status()?;
        Ok(())
    }
}

/// Puts `grams` on the simulated scale's pan (replacing what was there), settling over `settle_ms`,
/// shaking by `noise_mg` (above 10 mg it never reads stable) — what the Simulated devices panel does.
pub async fn place_on_scale(
    session: &AppSession,
    grams: &str,
    settle_ms: u32,
    noise_mg: u32,
) -> TestResult {
    let weight =
        json!({"grams": grams, "settle_ms": settle_ms, "noise_mg": noise_mg, "overload": false});
    session
        .driver()
        .execute(
            "return window.__TAURI_INTERNALS__.invoke('sim_place_weight', { weight: arguments[0] });",
            vec![weight],
        )
        .await?;
    Ok(())
}
