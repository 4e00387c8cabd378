//! The speed panel: orders per hour, mean working time per order, scans and refusals per order — for
//! one agent or the whole shift. An order counts for whoever staged it, within the window it was
//! staged in; its time is the time it spent claimed, picking or verifying (pauses excluded).

use super::WorkflowResult;
use crate::domain::OrderStatus;
use crate::store::{self, Store};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SpeedStats {
    pub agent: Option<String>,
    pub since: DateTime<Utc>,
    pub until: DateTime<Utc>,
    pub orders: u32,
    pub orders_per_hour: f64,
    /// `None` until an order is done.
    pub mean_secs_per_order: Option<f64>,
    pub scans_per_order: Option<f64>,
    pub refusals_per_order: Option<f64>,
    pub scans: u32,
    pub refusals: u32,
}

/// Stats for orders staged in `[since, until]`, by `agent` (or everyone for the shift).
pub fn speed_stats(
    store: &Store,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
    agent: Option<&str>,
) -> WorkflowResult<SpeedStats> {
    store.read(|c| Ok(compute(c, since, until, agent)))?
}

fn compute(
    c: &Connection,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
    agent: Option<&str>,
) -> WorkflowResult<SpeedStats> {
    let mut stmt = c.prepare(
        "SELECT order_id, at FROM order_transitions
         WHERE to_status = 'staged' AND at >= ?1 AND at <= ?2 AND (?3 IS NULL OR agent = ?3) ORDER BY id",
    )?;
    let staged: Vec<(String, String)> = stmt
        .query_map(
            params![store::fmt_time(since), store::fmt_time(until), agent],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?
        .collect::<Result<_, _>>()?;
    let (mut total_secs, mut scans, mut refusals) = (0f64, 0u32, 0u32);
    for (order, _) in &staged {
        total_secs += working_secs(c, order)?;
        let (s, r): (u32, u32) = c.query_row(
            "SELECT COUNT(*), COALESCE(SUM(refused), 0) FROM scan_events WHERE order_id = ?1 AND (?2 IS NULL OR agent = ?2)",
            params![order, agent],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        scans += s;
        refusals += r;
    }
    let n = staged.len() as u32;
    let hours = (until - since).num_milliseconds() as f64 / 3_600_000.0;
    let per = |x: f64| (n > 0).then(|| x / n as f64);
    Ok(SpeedStats {
        agent: agent.map(str::to_owned),
        since,
        until,
        orders: n,
        orders_per_hour: if hours > 0.0 { n as f64 / hours } else { 0.0 },
        mean_secs_per_order: per(total_secs),
        scans_per_order: per(scans as f64),
        refusals_per_order: per(refusals as f64),
        scans,
        refusals,
    })
}

/// Seconds an order spent being worked: every stretch in claimed, picking or verifying.
fn working_secs(c: &Connection, order: &str) -> WorkflowResult<f64> {
    let history = super::machine::history(c, order)?;
    let mut secs = 0f64;
    for pair in history.windows(2) {
        if matches!(
            pair[0].to,
            OrderStatus::Claimed | OrderStatus::Picking | OrderStatus::Verifying
        ) {
            secs += (pair[1].at - pair[0].at).num_milliseconds() as f64 / 1000.0;
        }
    }
    Ok(secs)
}
