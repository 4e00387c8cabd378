//! The one place scans enter the engine: the serial driver and the UI's keyboard-wedge catcher both
//! call [`ScanIntake::submit`]. It classifies, drops repeats inside the dedup window and broadcasts.

use super::classify::{ClassifiedScan, classify};
use chrono::{DateTime, Datelike, Utc};
use serde::Serialize;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::broadcast;
use vaultpick_core::ports::{RawScan, Scanner};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScanSource {
    /// A serial or USB-CDC scanner read by the driver.
    Serial,
    /// Keyboard-wedge text collected by the UI.
    Wedge,
    /// The training-mode "scan this" button or a test.
    Simulated,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scan {
    #[serde(flatten)]
    pub scan: ClassifiedScan,
    pub source: ScanSource,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy)]
pub struct IntakeConfig {
    /// The same text again within this long of the last time it was seen is a repeat, not a new scan
    /// (continuous-mode scanners and double trigger pulls).
    pub dedup_window: Duration,
}

impl Default for IntakeConfig {
    fn default() -> Self {
        IntakeConfig {
            dedup_window: Duration::from_millis(1500),
        }
    }
}

struct Inner {
    config: IntakeConfig,
    last: Mutex<Option<(String, Instant)>>,
    tx: broadcast::Sender<Scan>,
}

/// Cheap to clone; every clone feeds the same stream.
#[derive(Clone)]
pub struct ScanIntake {
    inner: Arc<Inner>,
}

impl ScanIntake {
    pub fn new(config: IntakeConfig) -> ScanIntake {
        let (tx, _) = broadcast::channel(64);
        ScanIntake {
            inner: Arc::new(Inner {
                config,
                last: Mutex::new(None),
                tx,
            }),
        }
    }

    /// Scans accepted from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Scan> {
        self.inner.tx.subscribe()
    }

    /// An adapter for the core's `Scanner` port.
    pub fn scanner(&self) -> IntakeScanner {
        IntakeScanner {
            rx: self.subscribe(),
        }
    }

    /// Submits one framed scan. Returns the scan if accepted, `None` if it was empty or a repeat.
    pub fn submit(&self, raw: &str, source: ScanSource) -> Option<Scan> {
        self.submit_at(raw, source, Instant::now(), Utc::now())
    }

    /// Keyboard-wedge text from the UI: the burst as typed, with Ctrl+] already mapped to GS by the
    /// catcher. A trailing Enter/Tab the webview kept is removed.
    pub fn submit_wedge(&self, text: &str) -> Option<Scan> {
        self.submit(text.trim_end_matches(['\r', '\n', '\t']), ScanSource::Wedge)
    }

    /// [`ScanIntake::submit`] with explicit clocks (tests drive the dedup window with these).
    pub fn submit_at(
        &self,
        raw: &str,
        source: ScanSource,
        now: Instant,
        at: DateTime<Utc>,
    ) -> Option<Scan> {
        if raw.is_empty() || self.is_repeat(raw, now) {
            return None;
        }
        let scan = Scan {
            scan: classify(raw, at.year()),
            source,
            at,
        };
        // No subscriber is fine (nothing is listening yet); the caller still gets the scan.
        let _ = self.inner.tx.send(scan.clone());
        Some(scan)
    }

    fn is_repeat(&self, raw: &str, now: Instant) -> bool {
        let mut last = self.inner.last.lock().unwrap_or_else(|p| p.into_inner());
        let repeat = last.as_ref().is_some_and(|(text, seen)| {
            text == raw && now.saturating_duration_since(*seen) < self.inner.config.dedup_window
        });
        // Sliding window: holding the trigger keeps suppressing until the scanner goes quiet.
        *last = Some((raw.to_string(), now));
        repeat
    }
}

/// The core's `Scanner` port over a [`ScanIntake`] subscription.
pub struct IntakeScanner {
    rx: broadcast::Receiver<Scan>,
}

impl Scanner for IntakeScanner {
    async fn next_scan(&mut self) -> Option<RawScan> {
        loop {
            match self.rx.recv().await {
                Ok(scan) => {
                    return Some(RawScan {
                        text: scan.scan.text,
                        symbology: scan.scan.symbology.map(|s| s.aim),
                        at: scan.at,
                    });
                }
                // A slow consumer skipped some scans; carry on with the newest.
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    }
}
