//! Keeps the configured scale and scanner ports open: opens them, notices loss (read error, end of
//! stream, or the device node vanishing — checked once a second, no busy loop), retries once a
//! second until the device is back (also under a new path when a USB identity is configured) and
//! publishes status to the core's [`Health`] for the status bar.

use crate::driver::{DriverConfig, DriverError, ScaleDriver, TimedReading};
use crate::scale::Reading;
use crate::scanner::{Framing, ScanFramer, ScanIntake, ScanSource};
use crate::serial::{self, PortSelector, SerialSettings};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::AsyncReadExt;
use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::JoinHandle;
use vaultpick_core::ports::{Scale, ScaleError, ScaleReading};
use vaultpick_core::status::{DeviceStatus, Health};

/// How often a connected port's device node is checked, and how often a lost one is retried.
/// 1 s keeps loss detection under 2 s and reconnection under 5 s.
pub const CHECK_EVERY: Duration = Duration::from_secs(1);

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScaleStation {
    pub port: PortSelector,
    pub serial: SerialSettings,
    pub protocol: crate::scale::Protocol,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScannerStation {
    pub port: PortSelector,
    pub serial: SerialSettings,
    pub framing: Framing,
}

enum Op {
    Stable,
    Current,
    Zero,
    Tare,
    ClearTare,
}

enum Answer {
    Weight(TimedReading),
    Tare(Option<Reading>),
    Done,
}

struct Request {
    op: Op,
    reply: oneshot::Sender<Result<Answer, DriverError>>,
}

struct AbortOnDrop(JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// The app's handle on the station scale. Cheap to clone; the task stops when the last clone drops.
#[derive(Clone)]
pub struct ScaleHandle {
    tx: mpsc::Sender<Request>,
    status: watch::Receiver<DeviceStatus>,
    serial_number: watch::Receiver<Option<String>>,
    _task: Arc<AbortOnDrop>,
}

impl ScaleHandle {
    /// Starts supervising `station`; status goes to `health` (and [`ScaleHandle::status`]).
    /// Timeouts come from `config`; the protocol always from the station.
    pub fn spawn(
        station: ScaleStation,
        config: DriverConfig,
        health: Option<Arc<Health>>,
    ) -> ScaleHandle {
        let config = DriverConfig {
            protocol: station.protocol,
            ..config
        };
        let (tx, rx) = mpsc::channel(8);
        let (status_tx, status) = watch::channel(DeviceStatus::Lost("starting".into()));
        let (serial_tx, serial_number) = watch::channel(None);
        let publish = Publisher {
            tx: status_tx,
            health,
            which: Which::Scale,
        };
        let task = tokio::spawn(run_scale(station, config, rx, publish, serial_tx));
        ScaleHandle {
            tx,
            status,
            serial_number,
            _task: Arc::new(AbortOnDrop(task)),
        }
    }

    pub fn status(&self) -> DeviceStatus {
        self.status.borrow().clone()
    }

    /// A receiver that changes whenever the status does (for the UI or a test to await).
    pub fn watch_status(&self) -> watch::Receiver<DeviceStatus> {
        self.status.clone()
    }

    /// The serial number the connected scale reported (recorded with every weighing).
    pub fn serial_number(&self) -> Option<String> {
        self.serial_number.borrow().clone()
    }

    async fn ask(&self, op: Op) -> Result<Answer, DriverError> {
        let (reply, rx) = oneshot::channel();
        let gone = || DriverError::Disconnected("the scale supervisor stopped".into());
        self.tx
            .send(Request { op, reply })
            .await
            .map_err(|_| gone())?;
        rx.await.map_err(|_| gone())?
    }

    pub async fn stable_weight(&self) -> Result<TimedReading, DriverError> {
        match self.ask(Op::Stable).await? {
            Answer::Weight(w) => Ok(w),
            _ => Err(DriverError::BadReply("no weight".into())),
        }
    }

    pub async fn current_weight(&self) -> Result<TimedReading, DriverError> {
        match self.ask(Op::Current).await? {
            Answer::Weight(w) => Ok(w),
            _ => Err(DriverError::BadReply("no weight".into())),
        }
    }

    pub async fn zero(&self) -> Result<(), DriverError> {
        self.ask(Op::Zero).await.map(|_| ())
    }

    /// Tares; the tare value when the scale reports one.
    pub async fn tare(&self) -> Result<Option<Reading>, DriverError> {
        match self.ask(Op::Tare).await? {
            Answer::Tare(t) => Ok(t),
            _ => Ok(None),
        }
    }

    pub async fn clear_tare(&self) -> Result<(), DriverError> {
        self.ask(Op::ClearTare).await.map(|_| ())
    }
}

fn to_scale_error(e: DriverError) -> ScaleError {
    match e {
        DriverError::Disconnected(_) => ScaleError::Disconnected,
        DriverError::Timeout => ScaleError::Timeout,
        other => ScaleError::Device(other.to_string()),
    }
}

impl Scale for ScaleHandle {
    async fn stable_weight(&self) -> Result<ScaleReading, ScaleError> {
        let t = ScaleHandle::stable_weight(self)
            .await
            .map_err(to_scale_error)?;
        let net_mg = t
            .reading
            .milligrams()
            .ok_or_else(|| ScaleError::Device(format!("no weight in {:?}", t.reading.raw)))?;
        Ok(ScaleReading {
            net_mg,
            stable: t.reading.stable,
            at: t.at,
            raw: t.reading.raw,
        })
    }
    async fn zero(&self) -> Result<(), ScaleError> {
        ScaleHandle::zero(self).await.map_err(to_scale_error)
    }
    async fn tare(&self) -> Result<(), ScaleError> {
        ScaleHandle::tare(self)
            .await
            .map(|_| ())
            .map_err(to_scale_error)
    }
}

#[derive(Clone, Copy)]
enum Which {
    Scale,
    Scanner,
}

struct Publisher {
    tx: watch::Sender<DeviceStatus>,
    health: Option<Arc<Health>>,
    which: Which,
}

impl Publisher {
    fn set(&self, status: DeviceStatus) {
        if *self.tx.borrow() == status {
            return;
        }
        tracing::info!(?status, "device status");
        if let Some(h) = &self.health {
            match self.which {
                Which::Scale => h.set_scale(status.clone()),
                Which::Scanner => h.set_scanner(status.clone()),
            }
        }
        self.tx.send_replace(status);
    }
}

/// Resolves the selector (listing USB ports only when a USB identity is configured) and opens it.
fn connect(
    port: &PortSelector,
    settings: &SerialSettings,
) -> Result<(String, tokio_serial::SerialStream), String> {
    let ports = if port.usb.is_some() {
        serial::list_ports()
    } else {
        Vec::new()
    };
    let path = port
        .resolve(&ports)
        .ok_or_else(|| format!("{} not found", port.describe()))?;
    let stream = serial::open(&path, settings).map_err(|e| e.to_string())?;
    Ok((path, stream))
}

async fn run_scale(
    station: ScaleStation,
    config: DriverConfig,
    mut rx: mpsc::Receiver<Request>,
    publish: Publisher,
    serial_tx: watch::Sender<Option<String>>,
) {
    loop {
        let (path, stream) = match connect(&station.port, &station.serial) {
            Ok(c) => c,
            Err(e) => {
                publish.set(DeviceStatus::Lost(format!("waiting for the scale: {e}")));
                if !refuse_while_waiting(&mut rx).await {
                    return;
                }
                continue;
            }
        };
        let mut driver = ScaleDriver::new(stream, config);
        let serial = match greet(&mut driver).await {
            Ok(serial) => serial,
            Err(why) => {
                // An open port is not a scale: a USB adapter stays present while the scale is off.
                publish.set(DeviceStatus::Lost(format!("{path} is open but {why}")));
                if !refuse_while_waiting(&mut rx).await {
                    return;
                }
                continue;
            }
        };
        serial_tx.send_replace(serial.clone());
        let who = serial.map(|s| format!(", serial {s}")).unwrap_or_default();
        publish.set(DeviceStatus::Connected(format!(
            "{} scale on {path}{who}",
            config.protocol
        )));
        let mut check = tokio::time::interval(CHECK_EVERY);
        let lost = loop {
            tokio::select! {
                req = rx.recv() => {
                    let Some(req) = req else { return };
                    let result = perform(&mut driver, req.op).await;
                    let lost = matches!(&result, Err(DriverError::Disconnected(_)));
                    let _ = req.reply.send(result);
                    if lost {
                        break "the port stopped answering".to_string();
                    }
                }
                r = driver.idle_read() => if let Err(e) = r { break e.to_string() },
                _ = check.tick() => if !Path::new(&path).exists() { break format!("{path} disappeared") },
            }
        };
        serial_tx.send_replace(None);
        publish.set(DeviceStatus::Lost(format!(
            "scale lost ({lost}); reconnecting"
        )));
    }
}

/// Asks for the serial number; a scale that cannot say still has to answer a weight request.
/// `Err` when nothing answers at all.
async fn greet(
    driver: &mut ScaleDriver<tokio_serial::SerialStream>,
) -> Result<Option<String>, String> {
    match driver.identity().await {
        Ok(serial) => return Ok(Some(serial)),
        Err(DriverError::Disconnected(e)) => return Err(format!("the port failed ({e})")),
        Err(DriverError::Timeout) => {}
        Err(_) => return Ok(None),
    }
    match driver.current_weight().await {
        Err(DriverError::Timeout) => {
            Err("the scale does not answer (is it on? check protocol and line settings)".into())
        }
        Err(DriverError::Disconnected(e)) => Err(format!("the port failed ({e})")),
        _ => Ok(None),
    }
}

/// Waits one retry interval, answering requests with "disconnected" meanwhile. False when the handle is gone.
async fn refuse_while_waiting(rx: &mut mpsc::Receiver<Request>) -> bool {
    let retry = tokio::time::sleep(CHECK_EVERY);
    tokio::pin!(retry);
    loop {
        tokio::select! {
            _ = &mut retry => return true,
            req = rx.recv() => match req {
                Some(req) => {
                    let _ = req.reply.send(Err(DriverError::Disconnected("the scale is not connected".into())));
                }
                None => return false,
            },
        }
    }
}

async fn perform(
    driver: &mut ScaleDriver<tokio_serial::SerialStream>,
    op: Op,
) -> Result<Answer, DriverError> {
    Ok(match op {
        Op::Stable => Answer::Weight(driver.stable_weight().await?),
        Op::Current => Answer::Weight(driver.current_weight().await?),
        Op::Zero => {
            driver.zero().await?;
            Answer::Done
        }
        Op::Tare => Answer::Tare(driver.tare().await?),
        Op::ClearTare => {
            driver.clear_tare().await?;
            Answer::Done
        }
    })
}

/// The running scanner supervisor; scans go into the [`ScanIntake`] it was given.
#[derive(Clone)]
pub struct ScannerHandle {
    status: watch::Receiver<DeviceStatus>,
    _task: Arc<AbortOnDrop>,
}

impl ScannerHandle {
    pub fn spawn(
        station: ScannerStation,
        intake: ScanIntake,
        health: Option<Arc<Health>>,
    ) -> ScannerHandle {
        let (status_tx, status) = watch::channel(DeviceStatus::Lost("starting".into()));
        let publish = Publisher {
            tx: status_tx,
            health,
            which: Which::Scanner,
        };
        let task = tokio::spawn(run_scanner(station, intake, publish));
        ScannerHandle {
            status,
            _task: Arc::new(AbortOnDrop(task)),
        }
    }

    pub fn status(&self) -> DeviceStatus {
        self.status.borrow().clone()
    }

    pub fn watch_status(&self) -> watch::Receiver<DeviceStatus> {
        self.status.clone()
    }
}

async fn run_scanner(station: ScannerStation, intake: ScanIntake, publish: Publisher) {
    let mut buf = vec![0u8; 1024];
    loop {
        let (path, mut stream) = match connect(&station.port, &station.serial) {
            Ok(c) => c,
            Err(e) => {
                publish.set(DeviceStatus::Lost(format!("waiting for the scanner: {e}")));
                tokio::time::sleep(CHECK_EVERY).await;
                continue;
            }
        };
        publish.set(DeviceStatus::Connected(format!("scanner on {path}")));
        let mut framer = ScanFramer::new(station.framing.clone());
        let mut check = tokio::time::interval(CHECK_EVERY);
        let lost = loop {
            tokio::select! {
                r = stream.read(&mut buf) => match r {
                    Ok(0) => break "end of stream".to_string(),
                    Ok(n) => {
                        for scan in framer.push(&buf[..n]) {
                            intake.submit(&scan, ScanSource::Serial);
                        }
                    }
                    Err(e) => break e.to_string(),
                },
                _ = check.tick() => if !Path::new(&path).exists() { break format!("{path} disappeared") },
            }
        };
        publish.set(DeviceStatus::Lost(format!(
            "scanner lost ({lost}); reconnecting"
        )));
    }
}
