//! What the status bar shows: the state-system link, the outbox, and the devices.
//! Adapters report into [`Health`]; [`snapshot`] combines it with what the store holds.

use crate::CoreResult;
use crate::store::Store;
use chrono::{DateTime, Utc};
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

pub fn snapshot(store: &Store, health: &Health, now: DateTime<Utc>) -> CoreResult<StatusSnapshot> {
    let (depth, review, oldest) = store.read(|c| {
        Ok(c.query_row(
            "SELECT COUNT(*), COALESCE(SUM(state = 'review'), 0), MIN(created_at)
             FROM outbox WHERE state IN ('pending', 'review')",
            [],
            |r| {
                Ok((
                    r.get::<_, u32>(0)?,
                    r.get::<_, u32>(1)?,
                    r.get::<_, Option<String>>(2)?,
                ))
            },
        )?)
    })?;
    let oldest_unsynced_secs = oldest
        .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
        .map(|t| (now - t.with_timezone(&Utc)).num_seconds().max(0));
    Ok(StatusSnapshot {
        link: health.trace(),
        outbox_depth: depth,
        outbox_in_review: review,
        oldest_unsynced_secs,
        scale: health.scale(),
        scanner: health.scanner(),
    })
}
