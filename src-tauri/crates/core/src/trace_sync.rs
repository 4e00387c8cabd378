//! Pulls what the state system holds into the local store, so the pick check can ask "was this
//! quantity available in the last BioTrack sync?" without a network round trip.

use crate::clock::Clock;
use crate::domain::Uid;
use crate::ports::{TraceError, TraceSystem};
use crate::store::{Store, fmt_time};
use crate::{CoreError, CoreResult};
use chrono::{DateTime, Utc};
use rusqlite::params;

/// A sync step failed either at the state system or in the local store.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Trace(#[from] TraceError),
    #[error(transparent)]
    Store(#[from] CoreError),
}

/// What a pull found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PullReport {
    pub updated: u32,
    /// Packages the state system does not know (their state quantity is cleared).
    pub unknown: Vec<Uid>,
    /// Packages whose state quantity is in a different unit from ours (left untouched).
    pub unit_mismatch: Vec<Uid>,
    pub at: Option<DateTime<Utc>>,
}

/// The `sync_state` key holding the time of the last complete pull.
pub const LAST_PULL_KEY: &str = "state_quantities_pulled_at";

/// Reads the state system's quantity of every package still in the vault into
/// `packages.state_quantity`. Stops at the first state-system error (nothing half-written: each
/// package's update is its own small write, and the pull time is only recorded when all succeeded).
pub async fn pull_state_quantities<T: TraceSystem>(
    store: &Store,
    trace: &T,
    clock: &dyn Clock,
) -> Result<PullReport, SyncError> {
    let packages: Vec<(String, String)> = store.read(|c| {
        let mut stmt = c.prepare(
            "SELECT uid, unit FROM packages WHERE status NOT IN ('sold','destroyed') ORDER BY uid",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    })?;
    let mut report = PullReport::default();
    for (uid, unit) in packages {
        let uid = Uid(uid);
        let found = trace.quantity(&uid).await?;
        let value = match found {
            Some(q) if q.unit.as_str() == unit => Some(q.amount),
            Some(_) => {
                report.unit_mismatch.push(uid);
                continue;
            }
            None => {
                report.unknown.push(uid.clone());
                None
            }
        };
        store.write(|tx| {
            tx.execute(
                "UPDATE packages SET state_quantity = ?2 WHERE uid = ?1",
                params![uid.as_str(), value],
            )?;
            Ok(())
        })?;
        if value.is_some() {
            report.updated += 1;
        }
    }
    let at = clock.now();
    store.write(|tx| set_sync_time(tx, LAST_PULL_KEY, at))?;
    report.at = Some(at);
    Ok(report)
}

fn set_sync_time(conn: &rusqlite::Connection, key: &str, at: DateTime<Utc>) -> CoreResult<()> {
    conn.execute(
        "INSERT INTO sync_state (key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![key, fmt_time(at)],
    )?;
    Ok(())
}
