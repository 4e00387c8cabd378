//! Helpers shared by the system tests: fresh stores in temp dirs and a clock the test controls.

#![allow(dead_code)] // each test binary uses a different subset

use chrono::{DateTime, TimeZone, Utc};
use vaultpick_core::{ManualClock, Store};

/// A fixed, ordinary morning: tests never depend on when they run.
pub fn morning() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 15, 0, 0)
        .single()
        .expect("valid fixed date")
}

pub struct TempStore {
    pub dir: tempfile::TempDir,
    pub store: Store,
}

pub fn temp_store() -> TempStore {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_in(dir.path()).expect("open store");
    TempStore { dir, store }
}

pub fn manual_clock() -> ManualClock {
    ManualClock::new(morning())
}
