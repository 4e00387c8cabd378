//! How far behind the state system we are, measured against the state's reporting deadline.

use crate::store::parse_time;
use crate::{CoreError, CoreResult};
use chrono::{DateTime, Duration, Utc};
use rusqlite::Connection;
use serde::Serialize;

/// The state's reporting deadline and the fractions of it at which the station raises an alarm.
#[derive(Debug, Clone, PartialEq)]
pub struct DeadlinePolicy {
    pub deadline: Duration,
    /// Ascending fractions in (0, 1], e.g. 0.5 and 0.8.
    pub warn_at: Vec<f64>,
}

impl Default for DeadlinePolicy {
    fn default() -> Self {
        DeadlinePolicy {
            deadline: Duration::hours(24),
            warn_at: vec![0.5, 0.8],
        }
    }
}

impl DeadlinePolicy {
    pub fn new(deadline: Duration, mut warn_at: Vec<f64>) -> CoreResult<Self> {
        if deadline <= Duration::zero() {
            return Err(CoreError::Invalid(
                "the reporting deadline must be positive".into(),
            ));
        }
        if warn_at.iter().any(|f| !(*f > 0.0 && *f <= 1.0)) {
            return Err(CoreError::Invalid(
                "deadline alarm fractions must lie between 0 and 1".into(),
            ));
        }
        warn_at.sort_by(f64::total_cmp);
        Ok(DeadlinePolicy { deadline, warn_at })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "level", rename_all = "snake_case")]
pub enum DeadlineAlarm {
    /// The oldest unsynced op has used up `fraction` of the deadline.
    Warning { fraction: f64 },
    /// The deadline has passed: the state must be told by other means.
    Overdue,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutboxStatus {
    /// Ops not yet in the state system (pending or in review).
    pub depth: u32,
    pub in_review: u32,
    pub oldest_unsynced_at: Option<DateTime<Utc>>,
    pub oldest_age_secs: Option<i64>,
    /// When the oldest unsynced op must be in the state system.
    pub deadline_at: Option<DateTime<Utc>>,
    /// The highest alarm threshold crossed, if any.
    pub alarm: Option<DeadlineAlarm>,
}

pub fn outbox_status(
    conn: &Connection,
    policy: &DeadlinePolicy,
    now: DateTime<Utc>,
) -> CoreResult<OutboxStatus> {
    let (depth, in_review, oldest): (u32, u32, Option<String>) = conn.query_row(
        "SELECT COUNT(*), COALESCE(SUM(state = 'review'), 0), MIN(created_at)
         FROM outbox WHERE state IN ('pending','review')",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let oldest = oldest.map(|t| parse_time(&t, 2)).transpose()?;
    let age = oldest.map(|t| (now - t).max(Duration::zero()));
    let alarm = age.and_then(|age| alarm_for(policy, age));
    Ok(OutboxStatus {
        depth,
        in_review,
        oldest_unsynced_at: oldest,
        oldest_age_secs: age.map(|a| a.num_seconds()),
        deadline_at: oldest.map(|t| t + policy.deadline),
        alarm,
    })
}

fn alarm_for(policy: &DeadlinePolicy, age: Duration) -> Option<DeadlineAlarm> {
    if age >= policy.deadline {
        return Some(DeadlineAlarm::Overdue);
    }
    // Compare in milliseconds so a threshold fires exactly when its moment is reached.
    let deadline_ms = policy.deadline.num_milliseconds() as f64;
    let age_ms = age.num_milliseconds() as f64;
    policy
        .warn_at
        .iter()
        .rev()
        .find(|f| age_ms >= (deadline_ms * **f).round())
        .map(|f| DeadlineAlarm::Warning { fraction: *f })
}
