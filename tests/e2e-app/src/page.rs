//! A WebDriver session on the app window, and what the queue screen shows, read through the DOM's
//! `data-testid`s.

use crate::TestResult;
use serde_json::{Value, json};
use std::future::Future;
use std::path::Path;
use std::time::Duration;
use thirtyfour::{Capabilities, WebDriver};

/// Starting the app (a debug build) on a busy 2-core machine can take a while.
const SESSION_TIMEOUT: Duration = Duration::from_secs(120);
/// Any single WebDriver call.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
/// How long a condition on the screen may take to become true.
pub const WAIT: Duration = Duration::from_secs(30);

/// One order row as the screen shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownOrder {
    pub pos_id: String,
    pub customer: String,
    pub seconds_left: i64,
    pub countdown: String,
    pub lines: Vec<ShownLine>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownLine {
    pub test_id: String,
    pub sku: String,
    pub quantity: String,
    pub text: String,
}

pub struct AppSession {
    driver: WebDriver,
}

impl AppSession {
    /// Opens a session: tauri-driver launches `app` with `args` under WebKitWebDriver.
    pub async fn start(driver_url: &str, app: &Path, args: &[&str]) -> TestResult<AppSession> {
        let mut caps = Capabilities::new();
        caps.set("browserName", "wry")?;
        caps.set(
            "tauri:options",
            json!({ "application": app.to_string_lossy(), "args": args }),
        )?;
        let builder = WebDriver::builder(driver_url, caps).request_timeout(REQUEST_TIMEOUT);
        let driver = tokio::time::timeout(SESSION_TIMEOUT, builder)
            .await
            .map_err(|_| format!("no WebDriver session within {SESSION_TIMEOUT:?} (is there a display? run under xvfb-run -a)"))??;
        Ok(AppSession { driver })
    }

    /// The raw WebDriver, for screens with their own helpers (see `signin`).
    pub fn driver(&self) -> &WebDriver {
        &self.driver
    }

    pub async fn quit(self) -> TestResult {
        tokio::time::timeout(REQUEST_TIMEOUT, self.driver.quit())
            .await
            .map_err(|_| "the session did not close in time")??;
        Ok(())
    }

    /// The queue rows, top to bottom, read in one script so they come from one rendered frame.
    pub async fn shown_queue(&self) -> TestResult<Vec<ShownOrder>> {
        let ret = self
            .driver
            .execute(READ_QUEUE_JS, Vec::<Value>::new())
            .await?;
        let rows = ret
            .json()
            .as_array()
            .ok_or("the queue script returned no list")?;
        rows.iter().map(parse_row).collect()
    }

    /// The text and `data-*` attribute `attr` of the element with `data-testid` = `test_id`.
    pub async fn shown(&self, test_id: &str, attr: &str) -> TestResult<(String, Option<String>)> {
        let el = self.driver.find(by_test_id(test_id)).await?;
        Ok((el.text().await?.trim().to_owned(), el.attr(attr).await?))
    }
}

const READ_QUEUE_JS: &str = r#"
const one = (root, prefix) => root.querySelector(`[data-testid^="${prefix}"]`);
return [...document.querySelectorAll('[data-testid^="queue-row-"]')].map((row) => {
  const countdown = one(row, "countdown-");
  return {
    pos_id: row.getAttribute("data-pos-id"),
    customer: one(row, "customer-")?.textContent.trim() ?? "",
    seconds_left: Number(countdown?.getAttribute("data-seconds-left")),
    countdown: countdown?.textContent.trim() ?? "",
    lines: [...row.querySelectorAll('[data-testid^="line-"]:not([data-testid^="line-qty-"])')].map((l) => ({
      test_id: l.getAttribute("data-testid"),
      sku: l.getAttribute("data-sku") ?? "",
      quantity: one(l, "line-qty-")?.textContent.trim() ?? "",
      text: l.textContent.replace(/\s+/g, " ").trim(),
    })),
  };
});
"#;

fn text(v: &Value, key: &str) -> TestResult<String> {
    Ok(v.get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("row field {key} missing in {v}"))?
        .to_owned())
}

fn parse_row(v: &Value) -> TestResult<ShownOrder> {
    let lines = v
        .get("lines")
        .and_then(Value::as_array)
        .ok_or("row without lines")?
        .iter()
        .map(|l| {
            Ok(ShownLine {
                test_id: text(l, "test_id")?,
                sku: text(l, "sku")?,
                quantity: text(l, "quantity")?,
                text: text(l, "text")?,
            })
        })
        .collect::<TestResult<_>>()?;
    Ok(ShownOrder {
        pos_id: text(v, "pos_id")?,
        customer: text(v, "customer")?,
        seconds_left: v
            .get("seconds_left")
            .and_then(Value::as_i64)
            .ok_or_else(|| format!("countdown without seconds in {v}"))?,
        countdown: text(v, "countdown")?,
        lines,
    })
}

/// The element(s) a screen marks with `data-testid`.
pub(crate) fn by_test_id(test_id: &str) -> thirtyfour::By {
    thirtyfour::By::Css(format!("[data-testid=\"{test_id}\"]"))
}

/// Polls `probe` until it yields `Some`, or fails with `what` after [`WAIT`].
pub async fn eventually<T, F, Fut>(what: &str, mut probe: F) -> TestResult<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = TestResult<Option<T>>>,
{
    let deadline = tokio::time::Instant::now() + WAIT;
    let mut last_error = String::from("condition never held");
    loop {
        match probe().await {
            Ok(Some(v)) => return Ok(v),
            Ok(None) => {}
            Err(e) => last_error = e.to_string(),
        }
        if tokio::time::Instant::now() > deadline {
            return Err(format!("{what}: not within {WAIT:?} ({last_error})").into());
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// Device-screen helpers (clicks and typing by `data-testid`).
pub mod devices;
