//! The pick/verify workflow: queue → claim → pick by scan → weigh-out → verify → commit to pending sale
//! → stage → hand off, with pause, cancel and the "on the shelf but empty in the state system" drill.
//!
//! The UI sends intents (a scan, a weight, a confirmation) to [`Workflow`] and renders what comes back.
//! A refused scan or weight is a normal answer ([`ScanVerdict`], [`WeighOutcome`], [`VerifyVerdict`]),
//! each with the next step in plain words and its own sound; [`WorkflowError`] is for requests that
//! make no sense in the order's state. Every change is one `BEGIN IMMEDIATE` transaction that also
//! writes its audit entries and, where the state system must learn of it, its outbox ops.

mod discrepancy;
mod error;
mod lots;
pub mod machine;
mod scan;
mod scan_text;
mod snapshot;
mod stage;
mod stats;
mod verdict;
mod verify;
mod weigh;
mod weigh_types;

pub use discrepancy::{DiscrepancyReport, Notification, acknowledge_notification, notifications};
pub use error::{WorkflowError, WorkflowResult};
pub use machine::{Action, Transition, allowed_actions, next_status};
pub use scan_text::{ScannedCode, normalize_scan};
pub use snapshot::{Awaiting, PickLine, PickSnapshot, SuggestedPackage};
pub use stage::{Cancelled, SplitOff, StageReceipt};
pub use stats::{SpeedStats, speed_stats};
pub use verdict::{ScanVerdict, SoundKey, VerifyVerdict};
pub use verify::{VerifyItem, VerifyView};
pub use weigh_types::{LabelCheck, PortionUid, Tolerance, WeighInput, WeighOutcome, WeighRefusal};

use crate::Clock;
use crate::domain::OrderStatus;
use crate::store::{self, Store};
use chrono::{DateTime, FixedOffset, NaiveDate, Offset, Utc};
use rusqlite::{Connection, Transaction, params};

/// Per-station settings the workflow needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkflowSettings {
    /// This station's id, recorded with every claim, pick and transition.
    pub station: String,
    /// Sealed units need a tamper and expiry confirmation before their scan counts.
    pub sealed_checks: bool,
    /// Verify hides the remaining items until the pass is finished.
    pub blind_verify: bool,
    /// State-system room ids.
    pub pending_sale_room: i64,
    pub vault_room: i64,
    pub quarantine_room: i64,
    /// The store's offset from UTC: expiry dates are local calendar dates.
    pub local_offset: FixedOffset,
}

impl WorkflowSettings {
    /// Sealed checks on, blind verify on, dates in UTC.
    pub fn new(
        station: impl Into<String>,
        pending_sale_room: i64,
        vault_room: i64,
        quarantine_room: i64,
    ) -> Self {
        WorkflowSettings {
            station: station.into(),
            sealed_checks: true,
            blind_verify: true,
            pending_sale_room,
            vault_room,
            quarantine_room,
            local_offset: Utc.fix(),
        }
    }
}

/// The workflow's use cases over one store, one clock and one station's settings.
pub struct Workflow<'a> {
    pub(crate) store: &'a Store,
    pub(crate) clock: &'a dyn Clock,
    pub(crate) settings: WorkflowSettings,
}

impl<'a> Workflow<'a> {
    pub fn new(store: &'a Store, clock: &'a dyn Clock, settings: WorkflowSettings) -> Self {
        Workflow {
            store,
            clock,
            settings,
        }
    }

    pub fn settings(&self) -> &WorkflowSettings {
        &self.settings
    }

    pub(crate) fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub(crate) fn today(&self, now: DateTime<Utc>) -> NaiveDate {
        now.with_timezone(&self.settings.local_offset).date_naive()
    }

    pub(crate) fn actor<'b>(
        &'b self,
        agent: &'b str,
        reason: Option<&'b str>,
    ) -> machine::Actor<'b> {
        machine::Actor {
            agent,
            station: &self.settings.station,
            reason,
        }
    }

    /// Runs `f` in one immediate transaction; any error (typed or not) rolls everything back.
    pub(crate) fn write<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> WorkflowResult<T>,
    ) -> WorkflowResult<T> {
        let mut refused = None;
        let out = self.store.write(|tx| match f(tx) {
            Ok(v) => Ok(v),
            Err(e) => {
                refused = Some(e);
                Err(crate::CoreError::Invalid("rolled back".into()))
            }
        });
        match out {
            Ok(v) => Ok(v),
            Err(core) => Err(refused.unwrap_or(WorkflowError::Core(core))),
        }
    }

    /// Performs a bare transition with its audit entry (claim, release, pause, resume, hand-off...).
    fn transition(
        &self,
        order: &str,
        action: Action,
        agent: &str,
        reason: Option<&str>,
    ) -> WorkflowResult<OrderStatus> {
        let now = self.now();
        self.write(|tx| machine::apply(tx, order, action, self.actor(agent, reason), now))
    }

    /// Claims an order by its POS id.
    pub fn claim(&self, order: &str, agent: &str) -> WorkflowResult<OrderStatus> {
        self.transition(order, Action::Claim, agent, None)
    }

    /// Claims the order whose ticket barcode was scanned. Returns the order's POS id.
    pub fn claim_by_ticket(&self, scanned: &str, agent: &str) -> WorkflowResult<String> {
        let code = normalize_scan(scanned);
        let id = code.text().ok_or_else(|| {
            WorkflowError::Invalid(
                "that scan was empty or unreadable: scan the order ticket again".into(),
            )
        })?;
        self.claim(id, agent)?;
        Ok(id.to_owned())
    }

    /// Lets go of a claimed order that has not been started.
    pub fn release(&self, order: &str, agent: &str) -> WorkflowResult<OrderStatus> {
        self.transition(order, Action::Release, agent, None)
    }

    /// Starts picking a claimed order (the first scan does this too).
    pub fn start_picking(&self, order: &str, agent: &str) -> WorkflowResult<OrderStatus> {
        self.transition(order, Action::StartPicking, agent, None)
    }

    /// Pauses the order; its picks stay reserved for it.
    pub fn pause(&self, order: &str, reason: &str, agent: &str) -> WorkflowResult<OrderStatus> {
        if reason.trim().is_empty() {
            return Err(WorkflowError::Invalid("say why the order is paused".into()));
        }
        self.transition(order, Action::Pause, agent, Some(reason.trim()))
    }

    /// Resumes a paused order where it was; the resuming agent and this station take it.
    pub fn resume(&self, order: &str, agent: &str) -> WorkflowResult<OrderStatus> {
        self.transition(order, Action::Resume, agent, None)
    }

    /// The customer has the bag.
    pub fn hand_off(&self, order: &str, agent: &str) -> WorkflowResult<OrderStatus> {
        self.transition(order, Action::HandOff, agent, None)
    }

    /// An order's transitions, oldest first.
    pub fn history(&self, order: &str) -> WorkflowResult<Vec<Transition>> {
        self.store.read(|c| Ok(machine::history(c, order)))?
    }
}

/// Where a scan happened, for the speed panel's counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    Pick,
    Seal,
    Weigh,
    Label,
    Verify,
}

impl Phase {
    fn as_str(self) -> &'static str {
        match self {
            Phase::Pick => "pick",
            Phase::Seal => "seal",
            Phase::Weigh => "weigh",
            Phase::Label => "label",
            Phase::Verify => "verify",
        }
    }
}

/// One scan event for the speed panel: what was scanned and how it was judged.
pub(crate) struct ScanEvent<'a> {
    pub order: &'a str,
    pub agent: &'a str,
    pub phase: Phase,
    pub scanned: &'a str,
    pub outcome: &'a str,
    /// The scan was turned down (a wait for a seal check is not a refusal).
    pub refused: bool,
}

impl Workflow<'_> {
    pub(crate) fn log_scan(
        &self,
        conn: &Connection,
        at: DateTime<Utc>,
        e: ScanEvent<'_>,
    ) -> WorkflowResult<()> {
        conn.prepare_cached(
            "INSERT INTO scan_events (at, order_id, agent, station, phase, scanned, outcome, refused)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            store::fmt_time(at),
            e.order,
            e.agent,
            self.settings.station,
            e.phase.as_str(),
            e.scanned,
            e.outcome,
            e.refused
        ])?;
        Ok(())
    }
}
