//! tauri-driver as a child process: free ports, a readiness poll on `/status`, SIGTERM on drop.

use crate::TestResult;
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long tauri-driver may take to answer `/status` on a busy machine.
const READY_TIMEOUT: Duration = Duration::from_secs(30);
/// How long it may take to stop after SIGTERM before it is killed.
const STOP_TIMEOUT: Duration = Duration::from_secs(10);

pub struct TauriDriver {
    child: Child,
    port: u16,
}

/// A port the OS reports free right now. Another process could take it before the driver binds it,
/// so `TauriDriver::start` retries with fresh ports when the driver does not come up.
fn free_port() -> TestResult<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    Ok(listener.local_addr()?.port())
}

impl TauriDriver {
    /// Starts tauri-driver with `env` added to its environment (the app inherits it).
    pub fn start(env: &[(&str, &Path)]) -> TestResult<TauriDriver> {
        // Without a display the app exits at once and WebKitWebDriver only times out: say why now.
        let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
        if !set("DISPLAY") && !set("WAYLAND_DISPLAY") {
            return Err(
                "no display: run the WebDriver tests under a virtual one, e.g. \
                        `xvfb-run -a dbus-run-session -- cargo test -p vaultpick-e2e-app`"
                    .into(),
            );
        }
        let mut last_error = String::new();
        for _attempt in 0..3 {
            let (port, native_port) = (free_port()?, free_port()?);
            if port == native_port {
                continue;
            }
            let mut cmd = Command::new("tauri-driver");
            cmd.args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .stdin(Stdio::null());
            if let Some(native) = native_driver() {
                cmd.args(["--native-driver", native]);
            }
            for (k, v) in env {
                cmd.env(k, v);
            }
            let child = cmd.spawn().map_err(|e| {
                format!("cannot start tauri-driver ({e}); install it: cargo install tauri-driver --version ^2 --locked")
            })?;
            let mut driver = TauriDriver { child, port };
            match driver.wait_ready() {
                Ok(()) => return Ok(driver),
                Err(e) => last_error = e.to_string(),
            }
        }
        Err(format!("tauri-driver did not become ready: {last_error}").into())
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn wait_ready(&mut self) -> TestResult {
        let deadline = Instant::now() + READY_TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait()? {
                return Err(format!("tauri-driver exited early ({status})").into());
            }
            if status_ready(self.port) {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("no answer on /status within {READY_TIMEOUT:?}").into());
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

/// Debian installs WebKitWebDriver outside PATH on some versions; name it when we can find it.
fn native_driver() -> Option<&'static str> {
    [
        "/usr/bin/WebKitWebDriver",
        "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/WebKitWebDriver",
    ]
    .into_iter()
    .find(|p| Path::new(p).is_file())
}

/// `GET /status` answered with 200 (tauri-driver proxies it once the native driver is up).
fn status_ready(port: u16) -> bool {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_secs(2)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    if stream
        .write_all(b"GET /status HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
        .is_err()
    {
        return false;
    }
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response.starts_with("HTTP/1.1 200") || response.starts_with("HTTP/1.0 200")
}

impl Drop for TauriDriver {
    fn drop(&mut self) {
        // SIGTERM lets tauri-driver stop WebKitWebDriver (and with it the app); SIGKILL would orphan them.
        if let Ok(pid) = i32::try_from(self.child.id()) {
            let _ = kill(Pid::from_raw(pid), Signal::SIGTERM);
        }
        let deadline = Instant::now() + STOP_TIMEOUT;
        while Instant::now() < deadline {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
