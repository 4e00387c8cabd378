//! The append-only audit log (triggers refuse UPDATE and DELETE).

use crate::CoreResult;
use crate::domain::AuditEntry;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

/// What to record: who did what to which subject, and any detail worth keeping.
#[derive(Debug, Clone, Copy)]
pub struct AuditRecord<'a> {
    pub actor: &'a str,
    pub action: &'a str,
    pub subject: &'a str,
    pub detail: &'a str,
}

pub fn append(conn: &Connection, at: DateTime<Utc>, rec: AuditRecord<'_>) -> CoreResult<i64> {
    conn.execute(
        "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            super::fmt_time(at),
            rec.actor,
            rec.action,
            rec.subject,
            rec.detail
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// The log for one subject (an order id, a UID, ...), oldest first.
pub fn for_subject(conn: &Connection, subject: &str) -> CoreResult<Vec<AuditEntry>> {
    let mut stmt = conn.prepare(
        "SELECT id, at, actor, action, subject, detail FROM audit_log WHERE subject = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([subject], |r| {
        let at: String = r.get(1)?;
        Ok(AuditEntry {
            id: r.get(0)?,
            at: super::parse_time(&at, 1)?,
            actor: r.get(2)?,
            action: r.get(3)?,
            subject: r.get(4)?,
            detail: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
