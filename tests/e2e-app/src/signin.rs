//! Sign-in through the UI, as every test does first now that everything is behind it: badge,
//! Enter, PIN, Enter (keyboard only, as a scanner wedge types). Plus the screen checks the
//! sign-in, lock and status tests share.

use crate::TestResult;
use crate::page::{AppSession, WAIT, by_test_id, eventually};
use std::path::{Path, PathBuf};
use std::time::Duration;
use thirtyfour::prelude::*;

/// The training technician and Inventory Manager (enrolled by training mode, shown on its screen).
pub const TECHNICIAN: (&str, &str) = ("B-1042", "1234");
pub const MANAGER: (&str, &str) = ("M-2001", "2468");

impl AppSession {
    /// The displayed element with this test id, waiting up to [`WAIT`] for it.
    pub async fn wait_for(&self, test_id: &str) -> TestResult<WebElement> {
        Ok(self
            .driver()
            .query(by_test_id(test_id))
            .wait(WAIT, Duration::from_millis(200))
            .and_displayed()
            .first()
            .await?)
    }

    /// How many elements match a CSS selector right now.
    pub async fn count(&self, css: &str) -> TestResult<usize> {
        Ok(self.driver().find_all(By::Css(css.to_owned())).await?.len())
    }

    /// Types the badge and PIN into the sign-in (or lock) screen. An empty `badge` keeps the one
    /// already typed (the screen keeps it after a wrong PIN).
    pub async fn type_sign_in(&self, badge: &str, pin: &str) -> TestResult {
        let badge_field = self.wait_for("signin-badge").await?;
        if !badge.is_empty() {
            badge_field.send_keys(badge).await?;
        }
        badge_field.send_keys(Key::Enter).await?;
        let pin_field = self.wait_for("signin-pin").await?;
        pin_field.send_keys(pin).await?;
        pin_field.send_keys(Key::Enter).await?;
        Ok(())
    }

    /// Signs in with `badge` and `pin` and waits until the app names the agent in its header.
    pub async fn sign_in(&self, (badge, pin): (&str, &str)) -> TestResult {
        self.wait_for("signin-screen").await?;
        self.type_sign_in(badge, pin).await?;
        let want: String = badge.chars().filter(|c| *c != '-').collect();
        self.wait_attr("session-agent", "data-badge", &want).await
    }

    /// Waits until the element's attribute `attr` reads `want`.
    pub async fn wait_attr(&self, test_id: &str, attr: &str, want: &str) -> TestResult {
        eventually(&format!("{test_id}[{attr}] = {want}"), || async {
            let (_, value) = self.shown(test_id, attr).await?;
            Ok((value.as_deref() == Some(want)).then_some(()))
        })
        .await
    }
}

/// Every file under `dir` whose bytes contain `needle`.
pub fn files_containing(dir: &Path, needle: &[u8]) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let entry = entry?;
            let path = entry.path();
            // The file type of the entry itself: symlinks are not followed, so the training devices'
            // pty links (reading one blocks forever) and sockets are never opened.
            let kind = entry.file_type()?;
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_file()
                && std::fs::read(&path)?
                    .windows(needle.len())
                    .any(|w| w == needle)
            {
                found.push(path);
            }
        }
    }
    Ok(found)
}
