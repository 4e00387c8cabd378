//! A scale driver over any async byte stream (serial port, pty, in-memory duplex).
//! One command at a time; stale input is drained before each command; every wait has a timeout;
//! a reply is only taken if it answers the command just sent.

use crate::scale::{Command, Decoder, Fault, Protocol, Reading, ReplyKind, mtsics};
use chrono::{DateTime, Utc};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::time::timeout_at;

#[derive(Debug, Clone, Copy)]
pub struct DriverConfig {
    pub protocol: Protocol,
    /// How long a command that answers at once may take.
    pub command_timeout: Duration,
    /// How long a stable-weight request may wait for the scale to settle (MT `S` blocks until stable).
    pub stable_timeout: Duration,
    /// Whether zero/tare are acknowledged (MT always; A&D with function `erCd 1`; newer OHAUS `OK!`).
    /// When false the command is sent and assumed done.
    pub expect_ack: bool,
    /// Input must have been quiet this long before a command is sent (stale lines drained).
    pub quiet_before_command: Duration,
}

impl DriverConfig {
    pub fn new(protocol: Protocol) -> DriverConfig {
        DriverConfig {
            protocol,
            command_timeout: Duration::from_secs(3),
            stable_timeout: Duration::from_secs(12),
            expect_ack: true,
            quiet_before_command: Duration::from_millis(30),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DriverError {
    #[error("the scale is disconnected ({0})")]
    Disconnected(String),
    #[error("the scale did not answer in time")]
    Timeout,
    #[error("{0}")]
    Device(Fault),
    #[error("the scale shows overload: take the load off the pan")]
    Overload,
    #[error("the scale shows underload: is the pan in place?")]
    Underload,
    #[error("the scale's reply could not be used: {0}")]
    BadReply(String),
    #[error("the {protocol} protocol has no command for {command}")]
    Unsupported { protocol: Protocol, command: String },
}

/// A reading together with when it arrived (for the freshness check).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimedReading {
    pub reading: Reading,
    pub received: Instant,
    pub at: DateTime<Utc>,
}

pub struct ScaleDriver<S> {
    io: S,
    decoder: Decoder,
    config: DriverConfig,
    buf: Vec<u8>,
}

impl<S: AsyncRead + AsyncWrite + Unpin> ScaleDriver<S> {
    pub fn new(io: S, config: DriverConfig) -> ScaleDriver<S> {
        ScaleDriver {
            io,
            decoder: Decoder::new(config.protocol),
            config,
            buf: vec![0; 512],
        }
    }

    pub fn config(&self) -> &DriverConfig {
        &self.config
    }

    pub fn into_inner(self) -> S {
        self.io
    }

    /// Waits for unsolicited input while idle; the bytes are decoded and dropped (print key,
    /// power-up banners). Returns an error once the stream is gone. Cancel-safe.
    pub async fn idle_read(&mut self) -> Result<(), DriverError> {
        let n = self
            .io
            .read(&mut self.buf)
            .await
            .map_err(|e| DriverError::Disconnected(e.to_string()))?;
        if n == 0 {
            return Err(DriverError::Disconnected("end of stream".into()));
        }
        self.decoder.push(&self.buf[..n]);
        while let Some(r) = self.decoder.next_reading() {
            tracing::debug!(raw = %r.raw, "unsolicited scale line dropped");
        }
        Ok(())
    }

    /// Sends `cmd` and returns the reply that answers it.
    pub async fn request(&mut self, cmd: &Command) -> Result<TimedReading, DriverError> {
        let bytes = self
            .config
            .protocol
            .encode(cmd)
            .ok_or_else(|| DriverError::Unsupported {
                protocol: self.config.protocol,
                command: format!("{cmd:?}"),
            })?;
        self.drain_stale().await?;
        self.io
            .write_all(&bytes)
            .await
            .map_err(|e| DriverError::Disconnected(e.to_string()))?;
        self.io
            .flush()
            .await
            .map_err(|e| DriverError::Disconnected(e.to_string()))?;
        let wait = if *cmd == Command::StableWeight {
            self.config.stable_timeout
        } else {
            self.config.command_timeout
        };
        let is_ack_command = matches!(
            cmd,
            Command::Zero | Command::Tare | Command::ClearTare | Command::PresetTare { .. }
        );
        if is_ack_command && !self.config.expect_ack {
            let r = Reading::ack_placeholder();
            return Ok(TimedReading {
                reading: r,
                received: Instant::now(),
                at: Utc::now(),
            });
        }
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            while let Some(r) = self.decoder.next_reading() {
                if answers(self.config.protocol, cmd, &r) {
                    return Ok(TimedReading {
                        reading: r,
                        received: Instant::now(),
                        at: Utc::now(),
                    });
                }
                tracing::debug!(raw = %r.raw, ?cmd, "line does not answer the command; skipped");
            }
            let n = match timeout_at(deadline, self.io.read(&mut self.buf)).await {
                Err(_) => return Err(DriverError::Timeout),
                Ok(Err(e)) => return Err(DriverError::Disconnected(e.to_string())),
                Ok(Ok(0)) => return Err(DriverError::Disconnected("end of stream".into())),
                Ok(Ok(n)) => n,
            };
            self.decoder.push(&self.buf[..n]);
        }
    }

    /// Reads until the line has been quiet for `quiet_before_command`, then forgets what came in.
    async fn drain_stale(&mut self) -> Result<(), DriverError> {
        let cap = tokio::time::Instant::now() + Duration::from_secs(1);
        loop {
            let quiet = tokio::time::Instant::now() + self.config.quiet_before_command;
            match timeout_at(quiet.min(cap), self.io.read(&mut self.buf)).await {
                Err(_) => break,
                Ok(Err(e)) => return Err(DriverError::Disconnected(e.to_string())),
                Ok(Ok(0)) => return Err(DriverError::Disconnected("end of stream".into())),
                Ok(Ok(_)) if tokio::time::Instant::now() >= cap => break,
                Ok(Ok(_)) => {}
            }
        }
        self.decoder.clear();
        Ok(())
    }

    /// A stable weight (MT `S`, A&D `S`, OHAUS `SP`). Overload, underload and refusals are errors;
    /// a reply that is not stable is refused too (a scale must never hand us one here).
    pub async fn stable_weight(&mut self) -> Result<TimedReading, DriverError> {
        let t = self.request(&Command::StableWeight).await?;
        weight_result(t, true)
    }

    /// The weight now, stable or not (for the live display).
    pub async fn current_weight(&mut self) -> Result<TimedReading, DriverError> {
        let t = self.request(&Command::CurrentWeight).await?;
        weight_result(t, false)
    }

    pub async fn zero(&mut self) -> Result<(), DriverError> {
        let t = self.request(&Command::Zero).await?;
        fault_result(&t.reading)
    }

    /// Tares; returns the tare value when the scale reports it (MT `T S <w>`).
    pub async fn tare(&mut self) -> Result<Option<Reading>, DriverError> {
        let t = self.request(&Command::Tare).await?;
        fault_result(&t.reading)?;
        Ok((t.reading.kind == ReplyKind::Tare).then_some(t.reading))
    }

    pub async fn clear_tare(&mut self) -> Result<(), DriverError> {
        let t = self.request(&Command::ClearTare).await?;
        fault_result(&t.reading)
    }

    /// The scale's serial number.
    pub async fn identity(&mut self) -> Result<String, DriverError> {
        let t = self.request(&Command::Identity).await?;
        fault_result(&t.reading)?;
        t.reading
            .text
            .filter(|s| !s.is_empty())
            .ok_or(DriverError::BadReply(t.reading.raw))
    }
}

fn fault_result(r: &Reading) -> Result<(), DriverError> {
    match &r.error {
        Some(f) => Err(DriverError::Device(f.clone())),
        None => Ok(()),
    }
}

fn weight_result(t: TimedReading, must_be_stable: bool) -> Result<TimedReading, DriverError> {
    let r = &t.reading;
    fault_result(r)?;
    if r.overload {
        return Err(DriverError::Overload);
    }
    if r.underload {
        return Err(DriverError::Underload);
    }
    if r.value.is_none() {
        return Err(DriverError::BadReply(r.raw.clone()));
    }
    if must_be_stable && !r.stable {
        return Err(DriverError::Device(Fault::Unstable));
    }
    Ok(t)
}

/// Whether `r` is the reply to `cmd`. General errors answer anything.
fn answers(protocol: Protocol, cmd: &Command, r: &Reading) -> bool {
    if r.kind == ReplyKind::Error && (r.reply_to.is_none() || r.reply_to.as_deref() == Some("EC")) {
        return true;
    }
    match protocol {
        Protocol::MtSics => r.reply_to.as_deref() == Some(mtsics::reply_id(cmd)),
        Protocol::And | Protocol::Ohaus => match cmd {
            Command::StableWeight
            | Command::CurrentWeight
            | Command::StreamWeight
            | Command::StopStream => r.kind == ReplyKind::Weight,
            Command::Zero
            | Command::Tare
            | Command::ClearTare
            | Command::PresetTare { .. }
            | Command::Reset => r.kind == ReplyKind::Ack,
            Command::QueryTare => r.kind == ReplyKind::Tare,
            // OHAUS has no documented serial-number line shape: take the first text line.
            Command::Identity => {
                matches!(r.kind, ReplyKind::Identity | ReplyKind::Unrecognised) && r.text.is_some()
            }
        },
    }
}
