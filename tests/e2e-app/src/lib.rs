//! The WebDriver harness for the real app: starts `tauri-driver` (which starts WebKitWebDriver,
//! which starts the app) on free loopback ports with a throwaway data directory, and signs in
//! through the UI like a technician would. Every test starts from [`App::signed_in`] or
//! [`App::start`]; dropping the [`App`] kills the driver (and with it the app).
//!
//! Needs: the app built with `cargo build -p vaultpick-app --features tauri/custom-protocol`,
//! `tauri-driver` on PATH (or `TAURI_DRIVER`), WebKitWebDriver, a display (Xvfb) and, for the
//! keyring, a D-Bus session with an unlocked Secret Service (see .ci/test).

use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use thirtyfour::prelude::*;

pub type TestResult = Result<(), Box<dyn std::error::Error>>;

/// How long anything the app does may take on a busy 2-core machine.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// The training technician and manager (enrolled by training mode; shown on its sign-in screen).
pub const TECHNICIAN: (&str, &str) = ("B-1042", "1234");
pub const MANAGER: (&str, &str) = ("M-2001", "2468");

/// The app binary: `VAULTPICK_APP_BIN`, else `<target dir>/debug/vaultpick-app`.
pub fn app_binary() -> Result<PathBuf, String> {
    if let Some(bin) = std::env::var_os("VAULTPICK_APP_BIN") {
        return Ok(PathBuf::from(bin));
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    let bin = target.join("debug/vaultpick-app");
    if bin.is_file() {
        Ok(bin)
    } else {
        Err(format!(
            "{} is missing: build it with `cargo build -p vaultpick-app --features tauri/custom-protocol`",
            bin.display()
        ))
    }
}

fn free_port() -> Result<u16, std::io::Error> {
    Ok(TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?
        .local_addr()?
        .port())
}

/// A running app under WebDriver, with its own data directory.
pub struct App {
    pub driver: WebDriver,
    pub data_dir: tempfile::TempDir,
    tauri_driver: Child,
}

impl Drop for App {
    fn drop(&mut self) {
        let _ = self.tauri_driver.kill();
        let _ = self.tauri_driver.wait();
    }
}

fn css(test_id: &str) -> By {
    By::Css(format!("[data-testid='{test_id}']"))
}

impl App {
    /// Starts the app in training mode and waits for its first screen.
    pub async fn start() -> Result<App, Box<dyn std::error::Error>> {
        let bin = app_binary()?;
        let data_dir = tempfile::tempdir()?;
        let port = free_port()?;
        let native_port = free_port()?;
        let tauri_driver =
            Command::new(std::env::var_os("TAURI_DRIVER").unwrap_or_else(|| "tauri-driver".into()))
                .args([
                    "--port",
                    &port.to_string(),
                    "--native-port",
                    &native_port.to_string(),
                ])
                .env("VAULTPICK_DATA_DIR", data_dir.path())
                .stdout(Stdio::null())
                .stderr(Stdio::inherit())
                .spawn()
                .map_err(|e| {
                    format!("cannot start tauri-driver (cargo install tauri-driver): {e}")
                })?;
        let mut app_guard = Guard(Some(tauri_driver));
        wait_for_port(port).await?;
        let mut caps = Capabilities::new();
        caps.set("browserName", "wry")?;
        caps.set(
            "tauri:options",
            serde_json::json!({ "application": bin, "args": ["--training"] }),
        )?;
        let driver = tokio::time::timeout(
            PATIENCE * 2,
            WebDriver::new(format!("http://127.0.0.1:{port}"), caps),
        )
        .await
        .map_err(|_| "the app did not open a WebDriver session in time")??;
        let app = App {
            driver,
            data_dir,
            tauri_driver: app_guard.take().ok_or("driver lost")?,
        };
        app.wait_any(&["signin-screen", "lock-screen", "queue-list"])
            .await?;
        Ok(app)
    }

    /// Starts the app and signs in the training technician through the sign-in screen.
    pub async fn signed_in() -> Result<App, Box<dyn std::error::Error>> {
        let app = App::start().await?;
        app.sign_in(TECHNICIAN.0, TECHNICIAN.1).await?;
        app.wait("session-agent").await?;
        Ok(app)
    }

    /// Types the badge, Enter, the PIN, Enter: keyboard only, as a scanner wedge would.
    pub async fn sign_in(&self, badge: &str, pin: &str) -> Result<(), WebDriverError> {
        let field = self.wait("signin-badge").await?;
        field.send_keys(badge).await?;
        field.send_keys(Key::Enter).await?;
        let pin_field = self.wait("signin-pin").await?;
        pin_field.send_keys(pin).await?;
        pin_field.send_keys(Key::Enter).await?;
        Ok(())
    }

    /// The element with this test id, waiting for it to be displayed.
    pub async fn wait(&self, test_id: &str) -> Result<WebElement, WebDriverError> {
        self.driver
            .query(css(test_id))
            .wait(PATIENCE, Duration::from_millis(100))
            .and_displayed()
            .first()
            .await
    }

    async fn wait_any(&self, test_ids: &[&str]) -> Result<(), Box<dyn std::error::Error>> {
        let deadline = Instant::now() + PATIENCE * 2;
        while Instant::now() < deadline {
            for id in test_ids {
                if !self.driver.find_all(css(id)).await?.is_empty() {
                    return Ok(());
                }
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        Err(format!("none of {test_ids:?} appeared").into())
    }

    /// Waits until the element's attribute has the value; returns the last value seen otherwise.
    pub async fn wait_attr(&self, test_id: &str, name: &str, want: &str) -> Result<(), String> {
        let deadline = Instant::now() + PATIENCE * 2;
        let mut last = None;
        while Instant::now() < deadline {
            if let Ok(els) = self.driver.find_all(css(test_id)).await
                && let Some(el) = els.first()
            {
                last = el.attr(name).await.ok().flatten();
                if last.as_deref() == Some(want) {
                    return Ok(());
                }
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        Err(format!(
            "{test_id}[{name}] never became {want:?} (last {last:?})"
        ))
    }

    pub async fn count(&self, css_selector: &str) -> Result<usize, WebDriverError> {
        Ok(self
            .driver
            .find_all(By::Css(css_selector.to_owned()))
            .await?
            .len())
    }

    /// Ends the WebDriver session (closing the app) and the driver.
    pub async fn quit(mut self) -> Result<tempfile::TempDir, Box<dyn std::error::Error>> {
        let driver = self.driver.clone();
        driver.quit().await?;
        let _ = self.tauri_driver.kill();
        let _ = self.tauri_driver.wait();
        let dir = tempfile::tempdir()?;
        Ok(std::mem::replace(&mut self.data_dir, dir))
    }
}

/// Kills the driver if start-up fails half-way.
struct Guard(Option<Child>);

impl Guard {
    fn take(&mut self) -> Option<Child> {
        self.0.take()
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

async fn wait_for_port(port: u16) -> Result<(), String> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let deadline = Instant::now() + PATIENCE;
    while Instant::now() < deadline {
        if TcpStream::connect_timeout(&addr, Duration::from_millis(500)).is_ok() {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("tauri-driver did not listen on {addr}"))
}

/// Every file under `dir` whose bytes contain `needle`.
pub fn files_containing(dir: &Path, needle: &[u8]) -> Result<Vec<PathBuf>, std::io::Error> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path)?;
                if bytes.windows(needle.len()).any(|w| w == needle) {
                    found.push(path);
                }
            }
        }
    }
    Ok(found)
}
