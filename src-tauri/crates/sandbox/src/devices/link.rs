//! The cable between a simulated device and the app: a socat pty pair the device serves on, which
//! can be unplugged (socat killed, the app's path disappears) and replugged (same path, new pty),
//! plus line faults: garbage bytes and slow, byte-by-byte writes that split frames.

use super::pty::{PtyError, PtyPair};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;
use tokio_serial::SerialPortBuilderExt;

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A device behind the link: answers command lines, may talk on its own (continuous output).
pub trait Device: Send + 'static {
    /// The bytes to send back for one received line (CR/LF removed). May take time (stability).
    fn handle<'a>(&'a mut self, line: &'a str) -> BoxFuture<'a, Vec<u8>>;
    /// Called every `TICK`; bytes to send unprompted.
    fn tick(&mut self) -> Option<Vec<u8>> {
        None
    }
}

/// Continuous output rate (OHAUS 7000: about 4 lines/s).
pub const TICK: Duration = Duration::from_millis(250);
/// How long plug/unplug may take on a busy machine.
pub const PLUG_TIMEOUT: Duration = Duration::from_secs(15);

#[derive(Clone)]
pub struct LinkControl {
    app: PathBuf,
    plugged: watch::Sender<bool>,
    /// Some(generation) while the device is up; the generation changes on every replug.
    up: watch::Receiver<Option<u64>>,
    out: mpsc::UnboundedSender<Vec<u8>>,
    byte_delay_us: Arc<AtomicU64>,
    reply_prefix: Arc<Mutex<Vec<u8>>>,
}

impl LinkControl {
    /// The path the app opens (like `/dev/ttyUSB0`). Absent while unplugged.
    pub fn app_path(&self) -> &Path {
        &self.app
    }

    pub fn is_up(&self) -> bool {
        self.up.borrow().is_some()
    }

    /// Pulls the cable: the pty pair goes away and the app's reads fail. Returns once it is gone.
    pub async fn unplug(&self) -> Result<(), PtyError> {
        self.plugged.send_replace(false);
        self.wait_for(false).await
    }

    /// Plugs the cable back in under the same path. Returns once the device answers again.
    pub async fn replug(&self) -> Result<(), PtyError> {
        self.plugged.send_replace(true);
        self.wait_for(true).await
    }

    async fn wait_for(&self, up: bool) -> Result<(), PtyError> {
        let mut rx = self.up.clone();
        let waited = tokio::time::timeout(PLUG_TIMEOUT, rx.wait_for(|g| g.is_some() == up)).await;
        match waited {
            Ok(Ok(_)) => Ok(()),
            _ => Err(PtyError::NoLink(self.app.clone(), PLUG_TIMEOUT)),
        }
    }

    /// Sends raw bytes down the line now (garbage, or a scanner's scan).
    pub fn send_raw(&self, bytes: impl Into<Vec<u8>>) {
        let _ = self.out.send(bytes.into());
    }

    /// Line noise sent right before every reply (glued to the front of the frame).
    pub fn set_reply_prefix(&self, garbage: impl Into<Vec<u8>>) {
        *self.reply_prefix.lock().unwrap_or_else(|p| p.into_inner()) = garbage.into();
    }

    /// Writes every following byte on its own with this pause between (splits frames across reads).
    pub fn set_byte_delay(&self, delay: Duration) {
        self.byte_delay_us
            .store(delay.as_micros() as u64, Ordering::Relaxed);
    }
}

/// Line faults shared between the control handle and the serving task.
struct Faults {
    byte_delay_us: Arc<AtomicU64>,
    reply_prefix: Arc<Mutex<Vec<u8>>>,
}

/// Owns the link task; dropping it stops the device and removes the pty.
pub struct Link {
    control: LinkControl,
    task: JoinHandle<()>,
}

impl Drop for Link {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Link {
    /// Starts `device` behind `dir/<name>` (app side) and waits until it is up.
    pub async fn start(dir: &Path, name: &str, device: impl Device) -> Result<Link, PtyError> {
        let app = dir.join(name);
        let dev = dir.join(format!(".{name}.device"));
        let (plugged, plugged_rx) = watch::channel(true);
        let (up_tx, up) = watch::channel(None);
        let (out, out_rx) = mpsc::unbounded_channel();
        let faults = Faults {
            byte_delay_us: Arc::new(AtomicU64::new(0)),
            reply_prefix: Arc::default(),
        };
        let control = LinkControl {
            app: app.clone(),
            plugged,
            up,
            out,
            byte_delay_us: faults.byte_delay_us.clone(),
            reply_prefix: faults.reply_prefix.clone(),
        };
        let task = tokio::spawn(run(device, dev, app, plugged_rx, up_tx, out_rx, faults));
        let link = Link { control, task };
        link.control.wait_for(true).await?;
        Ok(link)
    }

    pub fn control(&self) -> LinkControl {
        self.control.clone()
    }
}

async fn run(
    mut device: impl Device,
    dev: PathBuf,
    app: PathBuf,
    mut plugged: watch::Receiver<bool>,
    up: watch::Sender<Option<u64>>,
    mut out: mpsc::UnboundedReceiver<Vec<u8>>,
    faults: Faults,
) {
    let mut generation = 0u64;
    loop {
        if !*plugged.borrow_and_update() {
            up.send_replace(None);
            if plugged.changed().await.is_err() {
                return;
            }
            continue;
        }
        let (d, a) = (dev.clone(), app.clone());
        let pair = match tokio::task::spawn_blocking(move || PtyPair::spawn(&d, &a)).await {
            Ok(Ok(pair)) => pair,
            other => {
                tracing::warn!(?other, "virtual device: pty pair failed; retrying");
                tokio::time::sleep(Duration::from_millis(500)).await;
                continue;
            }
        };
        let mut port =
            match tokio_serial::new(pair.device.to_string_lossy(), 9600).open_native_async() {
                Ok(p) => p,
                Err(e) => {
                    tracing::warn!(error = %e, "virtual device: cannot open its end; retrying");
                    tokio::time::sleep(Duration::from_millis(500)).await;
                    continue;
                }
            };
        generation += 1;
        up.send_replace(Some(generation));
        serve(&mut device, &mut port, &mut plugged, &mut out, &faults).await;
        drop(port);
        drop(pair);
        up.send_replace(None);
    }
}

/// Serves until unplugged or the port fails (then the caller builds a new pair).
async fn serve(
    device: &mut impl Device,
    port: &mut tokio_serial::SerialStream,
    plugged: &mut watch::Receiver<bool>,
    out: &mut mpsc::UnboundedReceiver<Vec<u8>>,
    faults: &Faults,
) {
    let mut buf = [0u8; 256];
    let mut line = Vec::new();
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        let to_send = tokio::select! {
            r = port.read(&mut buf) => match r {
                Ok(n) if n > 0 => {
                    let mut replies = Vec::new();
                    for &b in &buf[..n] {
                        if b == b'\r' || b == b'\n' {
                            if !line.is_empty() {
                                let text = String::from_utf8_lossy(&line).into_owned();
                                line.clear();
                                let reply = device.handle(&text).await;
                                if !reply.is_empty() {
                                    replies.extend(faults.reply_prefix.lock().unwrap_or_else(|p| p.into_inner()).iter());
                                    replies.extend(reply);
                                }
                            }
                        } else if line.len() < 1024 {
                            line.push(b);
                        }
                    }
                    replies
                }
                // The app closing its end can surface as EIO on some kernels: keep serving.
                Ok(_) | Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    Vec::new()
                }
            },
            Some(bytes) = out.recv() => bytes,
            _ = tick.tick() => device.tick().unwrap_or_default(),
            changed = plugged.changed() => {
                if changed.is_err() || !*plugged.borrow() {
                    return;
                }
                Vec::new()
            }
        };
        if to_send.is_empty() {
            continue;
        }
        let delay = Duration::from_micros(faults.byte_delay_us.load(Ordering::Relaxed));
        let written = if delay.is_zero() {
            port.write_all(&to_send).await
        } else {
            write_slowly(port, &to_send, delay).await
        };
        if let Err(e) = written {
            tracing::debug!(error = %e, "virtual device: write failed");
        }
    }
}

async fn write_slowly(
    port: &mut tokio_serial::SerialStream,
    bytes: &[u8],
    delay: Duration,
) -> std::io::Result<()> {
    for b in bytes {
        port.write_all(std::slice::from_ref(b)).await?;
        tokio::time::sleep(delay).await;
    }
    Ok(())
}
