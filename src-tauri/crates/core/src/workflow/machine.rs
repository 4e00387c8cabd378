//! The order state machine.
//!
//! ```text
//! queued ─claim→ claimed ─start picking→ picking ─start verify→ verifying ─stage→ staged ─hand off→ handed_off
//!          ↑ release ┘                      ↑──── back to picking ────┘
//! claimed / picking / verifying ─pause→ paused ─resume→ (where it was)
//! anything not yet handed off ─cancel→ cancelled
//! ```
//!
//! [`next_status`] is the pure rule; [`apply`] checks it and writes the new status, a transition row and
//! an audit entry inside the caller's transaction, so a refused transition changes nothing.

use super::error::{WorkflowError, WorkflowResult};
use crate::domain::OrderStatus;
use crate::store::{self, AuditRecord};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

/// Something a person asks of an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Claim,
    Release,
    StartPicking,
    StartVerify,
    BackToPicking,
    Stage,
    HandOff,
    Pause,
    Resume,
    Cancel,
}

impl Action {
    pub const ALL: &'static [Action] = &[
        Action::Claim,
        Action::Release,
        Action::StartPicking,
        Action::StartVerify,
        Action::BackToPicking,
        Action::Stage,
        Action::HandOff,
        Action::Pause,
        Action::Resume,
        Action::Cancel,
    ];

    /// Stable name, used in the transition table and the audit log.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Claim => "claim",
            Action::Release => "release",
            Action::StartPicking => "start_picking",
            Action::StartVerify => "start_verify",
            Action::BackToPicking => "back_to_picking",
            Action::Stage => "stage",
            Action::HandOff => "hand_off",
            Action::Pause => "pause",
            Action::Resume => "resume",
            Action::Cancel => "cancel",
        }
    }

    /// The words a technician reads in a refusal.
    pub fn describe(self) -> &'static str {
        match self {
            Action::Claim => "claim",
            Action::Release => "release the claim",
            Action::StartPicking => "start picking",
            Action::StartVerify => "start verifying",
            Action::BackToPicking => "go back to picking",
            Action::Stage => "commit and stage",
            Action::HandOff => "hand off",
            Action::Pause => "pause",
            Action::Resume => "resume",
            Action::Cancel => "cancel",
        }
    }
}

impl std::fmt::Display for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.describe())
    }
}

/// The status `action` leads to from `from`, or `None` if it is not allowed. `paused_from` is where a
/// paused order was when it was paused; resume goes back there.
pub fn next_status(
    from: OrderStatus,
    action: Action,
    paused_from: Option<OrderStatus>,
) -> Option<OrderStatus> {
    use Action as A;
    use OrderStatus as S;
    match (from, action) {
        (S::Queued, A::Claim) => Some(S::Claimed),
        (S::Claimed, A::Release) => Some(S::Queued),
        (S::Claimed, A::StartPicking) => Some(S::Picking),
        (S::Picking, A::StartVerify) => Some(S::Verifying),
        (S::Verifying, A::BackToPicking) => Some(S::Picking),
        (S::Verifying, A::Stage) => Some(S::Staged),
        (S::Staged, A::HandOff) => Some(S::HandedOff),
        (S::Claimed | S::Picking | S::Verifying, A::Pause) => Some(S::Paused),
        (S::Paused, A::Resume) => {
            paused_from.filter(|p| matches!(p, S::Claimed | S::Picking | S::Verifying))
        }
        (S::Queued | S::Claimed | S::Picking | S::Verifying | S::Paused | S::Staged, A::Cancel) => {
            Some(S::Cancelled)
        }
        _ => None,
    }
}

/// Every action allowed from `from`, in [`Action::ALL`] order.
pub fn allowed_actions(from: OrderStatus, paused_from: Option<OrderStatus>) -> Vec<Action> {
    Action::ALL
        .iter()
        .copied()
        .filter(|a| next_status(from, *a, paused_from).is_some())
        .collect()
}

/// Who asked, from where, and why (pause reasons, cancel reasons).
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    pub agent: &'a str,
    pub station: &'a str,
    pub reason: Option<&'a str>,
}

/// The current status of an order and, if paused, where it was before.
pub fn current(
    conn: &Connection,
    order: &str,
) -> WorkflowResult<(OrderStatus, Option<OrderStatus>)> {
    let status: OrderStatus = conn
        .query_row(
            "SELECT status FROM orders WHERE pos_id = ?1",
            [order],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| WorkflowError::NotFound {
            what: "order",
            id: order.to_owned(),
        })?;
    let paused_from = if status == OrderStatus::Paused {
        conn.query_row(
            "SELECT from_status FROM order_transitions
             WHERE order_id = ?1 AND to_status = 'paused' ORDER BY id DESC LIMIT 1",
            [order],
            |r| r.get(0),
        )
        .optional()?
    } else {
        None
    };
    Ok((status, paused_from))
}

/// Checks and performs one transition; returns the new status. Refusals write nothing.
pub fn apply(
    conn: &Connection,
    order: &str,
    action: Action,
    by: Actor<'_>,
    now: DateTime<Utc>,
) -> WorkflowResult<OrderStatus> {
    let (from, paused_from) = current(conn, order)?;
    let to =
        next_status(from, action, paused_from).ok_or_else(|| WorkflowError::IllegalTransition {
            order: order.to_owned(),
            from,
            action,
            allowed: allowed_actions(from, paused_from),
        })?;
    store::set_order_status(conn, order, to)?;
    // Who holds the order follows the transition: claiming or resuming takes it, releasing lets go.
    match action {
        Action::Claim | Action::Resume => {
            conn.execute(
                "UPDATE orders SET claimed_by = ?2, station = ?3, pause_reason = NULL WHERE pos_id = ?1",
                params![order, by.agent, by.station],
            )?;
        }
        Action::Release => {
            conn.execute(
                "UPDATE orders SET claimed_by = NULL, station = NULL WHERE pos_id = ?1",
                [order],
            )?;
        }
        Action::Pause => {
            conn.execute(
                "UPDATE orders SET pause_reason = ?2 WHERE pos_id = ?1",
                params![order, by.reason],
            )?;
        }
        _ => {}
    }
    conn.execute(
        "INSERT INTO order_transitions (order_id, from_status, to_status, action, agent, station, at, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            order,
            from,
            to,
            action.as_str(),
            by.agent,
            by.station,
            store::fmt_time(now),
            by.reason
        ],
    )?;
    let mut detail = format!("{from} → {to} at station {}", by.station);
    if let Some(reason) = by.reason {
        detail.push_str(&format!(": {reason}"));
    }
    store::audit_append(
        conn,
        now,
        AuditRecord {
            actor: by.agent,
            action: &format!("order_{}", action.as_str()),
            subject: order,
            detail: &detail,
        },
    )?;
    Ok(to)
}

/// One row of an order's history, for the UI and the tests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Transition {
    pub from: OrderStatus,
    pub to: OrderStatus,
    pub action: String,
    pub agent: String,
    pub station: String,
    pub at: DateTime<Utc>,
    pub reason: Option<String>,
}

pub fn history(conn: &Connection, order: &str) -> WorkflowResult<Vec<Transition>> {
    let mut stmt = conn.prepare_cached(
        "SELECT from_status, to_status, action, agent, station, at, reason
         FROM order_transitions WHERE order_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([order], |r| {
        let at: String = r.get(5)?;
        Ok(Transition {
            from: r.get(0)?,
            to: r.get(1)?,
            action: r.get(2)?,
            agent: r.get(3)?,
            station: r.get(4)?,
            at: store::parse_time(&at, 5)?,
            reason: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
