//! What the status bar shows: the state-system link, the outbox, and the devices.
//! Adapters report into [`Health`]; [`snapshot`] combines it with the outbox's state.

use crate::outbox::OutboxStatus;
use serde::Serialize;
use std::sync::RwLock;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "state", content = "detail", rename_all = "snake_case")]
pub enum LinkStatus {
    /// No adapter configured yet.
    NotConfigured,
    Online,
    /// Offline, with the last error in plain words.
    Offline(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "state", content = "detail", rename_all = "snake_case")]
pub enum DeviceStatus {
    NotConfigured,
    /// Connected; the detail names the device (model, port).
    Connected(String),
    /// Configured but not answering; the detail says what we see.
    Lost(String),
}

/// Live health reported by the adapters. Cheap to update from any thread.
#[derive(Debug)]
pub struct Health {
    trace: RwLock<LinkStatus>,
    scale: RwLock<DeviceStatus>,
    scanner: RwLock<DeviceStatus>,
}

impl Default for Health {
    fn default() -> Self {
        Health {
            trace: RwLock::new(LinkStatus::NotConfigured),
            scale: RwLock::new(DeviceStatus::NotConfigured),
            scanner: RwLock::new(DeviceStatus::NotConfigured),
        }
    }
}

fn read<T: Clone>(lock: &RwLock<T>) -> T {
    lock.read().unwrap_or_else(|p| p.into_inner()).clone()
}

fn write<T>(lock: &RwLock<T>, value: T) {
    *lock.write().unwrap_or_else(|p| p.into_inner()) = value;
}

impl Health {
    pub fn set_trace(&self, s: LinkStatus) {
        write(&self.trace, s)
    }
    pub fn set_scale(&self, s: DeviceStatus) {
        write(&self.scale, s)
    }
    pub fn set_scanner(&self, s: DeviceStatus) {
        write(&self.scanner, s)
    }
    pub fn trace(&self) -> LinkStatus {
        read(&self.trace)
    }
    pub fn scale(&self) -> DeviceStatus {
        read(&self.scale)
    }
    pub fn scanner(&self) -> DeviceStatus {
        read(&self.scanner)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StatusSnapshot {
    pub link: LinkStatus,
    /// Ops waiting to reach the state system (pending or held for review).
    pub outbox_depth: u32,
    /// Ops a manager must look at.
    pub outbox_in_review: u32,
    /// Age of the oldest op not yet synced, in seconds.
    pub oldest_unsynced_secs: Option<i64>,
    pub scale: DeviceStatus,
    pub scanner: DeviceStatus,
}

/// The status bar's view: the outbox as [`crate::outbox::outbox_status`] read it, and the adapters'
/// health.
pub fn snapshot(outbox: &OutboxStatus, health: &Health) -> StatusSnapshot {
    StatusSnapshot {
        link: health.trace(),
        outbox_depth: outbox.depth,
        outbox_in_review: outbox.in_review,
        oldest_unsynced_secs: outbox.oldest_age_secs,
        scale: health.scale(),
        scanner: health.scanner(),
    }
}
