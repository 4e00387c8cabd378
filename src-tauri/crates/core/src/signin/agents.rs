//! Enrolled agents: badge number, name, role, and the PIN hash.

use super::pin;
use crate::ports::Sensitive;
use crate::store::{AuditRecord, audit_append, fmt_time};
use crate::{CoreError, CoreResult};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Technician,
    Manager,
}

impl Role {
    fn as_str(self) -> &'static str {
        match self {
            Role::Technician => "technician",
            Role::Manager => "manager",
        }
    }
}

/// Who is signed in: what actions are attributed to. Carries no PIN or hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Agent {
    pub badge: String,
    pub name: String,
    pub role: Role,
}

/// Enrolls (or re-enrolls with a new PIN) an agent. The PIN is hashed here and never stored.
pub fn enroll_agent(
    tx: &Transaction<'_>,
    badge: &str,
    name: &str,
    role: Role,
    pin: &Sensitive<String>,
    enrolled_by: &str,
    now: DateTime<Utc>,
) -> CoreResult<Agent> {
    let badge = normalise_badge(badge)?;
    let name = name.trim();
    if name.is_empty() {
        return Err(CoreError::Invalid("an agent needs a name".into()));
    }
    pin::validate(pin)?;
    let hash = pin::hash(pin)?;
    tx.execute(
        "INSERT INTO agents (badge, name, role, pin_hash, enrolled_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(badge) DO UPDATE SET name = excluded.name, role = excluded.role,
             pin_hash = excluded.pin_hash, failed_attempts = 0, locked_until = NULL, active = 1",
        params![badge, name, role.as_str(), hash, fmt_time(now)],
    )?;
    audit_append(
        tx,
        now,
        AuditRecord {
            actor: enrolled_by,
            action: "agent_enrolled",
            subject: &badge,
            detail: &format!("{name} as {}", role.as_str()),
        },
    )?;
    Ok(Agent {
        badge,
        name: name.to_owned(),
        role,
    })
}

/// Badge numbers arrive scanned or typed: keep the digits and letters, drop spaces and dashes.
pub(crate) fn normalise_badge(badge: &str) -> CoreResult<String> {
    let b: String = badge
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if b.is_empty() || b.len() > 32 || !b.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(CoreError::Invalid(
            "that is not a badge number (letters and digits, up to 32)".into(),
        ));
    }
    Ok(b)
}

pub fn load_agent(conn: &Connection, badge: &str) -> CoreResult<Option<Agent>> {
    Ok(load_row(conn, badge)?.map(|r| r.agent))
}

pub(crate) struct AgentRow {
    pub agent: Agent,
    pub pin_hash: String,
    pub failed_attempts: u32,
    pub locked_until: Option<DateTime<Utc>>,
}

pub(crate) fn load_row(conn: &Connection, badge: &str) -> CoreResult<Option<AgentRow>> {
    conn.query_row(
        "SELECT badge, name, role, pin_hash, failed_attempts, locked_until FROM agents
         WHERE badge = ?1 AND active = 1",
        [badge],
        |r| {
            let role: String = r.get(2)?;
            let until: Option<String> = r.get(5)?;
            Ok(AgentRow {
                agent: Agent {
                    badge: r.get(0)?,
                    name: r.get(1)?,
                    role: if role == "manager" {
                        Role::Manager
                    } else {
                        Role::Technician
                    },
                },
                pin_hash: r.get(3)?,
                failed_attempts: r.get(4)?,
                locked_until: until.map(|t| crate::store::parse_time(&t, 5)).transpose()?,
            })
        },
    )
    .optional()
    .map_err(Into::into)
}
