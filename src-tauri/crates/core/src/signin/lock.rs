//! The station lock: who is signed in, idle auto-lock, unlock, and lockout after wrong PINs.

use super::agents::{Agent, load_row, normalise_badge};
use super::pin;
use crate::CoreError;
use crate::clock::Clock;
use crate::ports::Sensitive;
use crate::store::{AuditRecord, Store, audit_append, fmt_time};
use chrono::{DateTime, Duration, Utc};
use rusqlite::params;
use serde::Serialize;
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone, PartialEq)]
pub struct LockPolicy {
    /// Idle time after which the station locks itself.
    pub idle: Duration,
    /// Wrong PINs in a row that lock a badge out.
    pub max_failures: u32,
    /// How long a badge stays locked out.
    pub lockout: Duration,
}

impl Default for LockPolicy {
    fn default() -> Self {
        LockPolicy {
            idle: Duration::minutes(5),
            max_failures: 5,
            lockout: Duration::minutes(15),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum LockStatus {
    SignedOut,
    Unlocked {
        agent: Agent,
    },
    /// Locked after idling (or on request); sync goes on behind the lock screen.
    Locked {
        agent: Agent,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    /// Deliberately the same for an unknown badge and a wrong PIN.
    #[error("badge or PIN not recognised")]
    NotRecognised,
    #[error("too many wrong PINs: this badge is locked until {until} — ask a manager")]
    LockedOut { until: DateTime<Utc> },
    #[error("the station is locked: scan your badge and enter your PIN")]
    StationLocked,
    #[error("no one is signed in at this station")]
    SignedOut,
    #[error(transparent)]
    Store(#[from] CoreError),
}

enum State {
    SignedOut,
    Active {
        agent: Agent,
        last_activity: DateTime<Utc>,
    },
    Locked {
        agent: Agent,
    },
}

/// One per station. Cheap to share; every method takes `&self`.
pub struct StationLock {
    store: Arc<Store>,
    clock: Arc<dyn Clock>,
    policy: LockPolicy,
    station: String,
    state: Mutex<State>,
}

impl StationLock {
    pub fn new(
        store: Arc<Store>,
        clock: Arc<dyn Clock>,
        policy: LockPolicy,
        station: &str,
    ) -> Self {
        StationLock {
            store,
            clock,
            policy,
            station: station.to_owned(),
            state: Mutex::new(State::SignedOut),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Signs an agent in at this station (replacing whoever was signed in).
    pub fn sign_in(&self, badge: &str, pin: &Sensitive<String>) -> Result<Agent, SignInError> {
        let agent = self.check_pin(badge, pin, "signin")?;
        *self.state() = State::Active {
            agent: agent.clone(),
            last_activity: self.clock.now(),
        };
        Ok(agent)
    }

    /// Unlocks a locked station. Another agent may unlock it: from then on actions are theirs.
    pub fn unlock(&self, badge: &str, pin: &Sensitive<String>) -> Result<Agent, SignInError> {
        if matches!(*self.state(), State::SignedOut) {
            return Err(SignInError::SignedOut);
        }
        let agent = self.check_pin(badge, pin, "unlock")?;
        *self.state() = State::Active {
            agent: agent.clone(),
            last_activity: self.clock.now(),
        };
        Ok(agent)
    }

    /// Records activity (a scan, a key press) so the station stays unlocked.
    pub fn touch(&self) {
        let now = self.clock.now();
        self.apply_idle(now);
        if let State::Active { last_activity, .. } = &mut *self.state() {
            *last_activity = now;
        }
    }

    pub fn lock_now(&self) {
        let mut state = self.state();
        if let State::Active { agent, .. } = &*state {
            *state = State::Locked {
                agent: agent.clone(),
            };
        }
    }

    pub fn sign_out(&self) {
        let badge = match &*self.state() {
            State::Active { agent, .. } | State::Locked { agent } => Some(agent.badge.clone()),
            State::SignedOut => None,
        };
        *self.state() = State::SignedOut;
        if let Some(badge) = badge {
            self.audit(&badge, "signout", "");
        }
    }

    /// The station's state now, locking it first if it has idled past the policy.
    pub fn status(&self) -> LockStatus {
        self.apply_idle(self.clock.now());
        match &*self.state() {
            State::SignedOut => LockStatus::SignedOut,
            State::Active { agent, .. } => LockStatus::Unlocked {
                agent: agent.clone(),
            },
            State::Locked { agent } => LockStatus::Locked {
                agent: agent.clone(),
            },
        }
    }

    /// The agent an action is attributed to. Refuses while locked or signed out.
    pub fn acting_agent(&self) -> Result<Agent, SignInError> {
        match self.status() {
            LockStatus::Unlocked { agent } => Ok(agent),
            LockStatus::Locked { .. } => Err(SignInError::StationLocked),
            LockStatus::SignedOut => Err(SignInError::SignedOut),
        }
    }

    fn apply_idle(&self, now: DateTime<Utc>) {
        let mut state = self.state();
        if let State::Active {
            agent,
            last_activity,
        } = &*state
            && now - *last_activity >= self.policy.idle
        {
            let agent = agent.clone();
            *state = State::Locked {
                agent: agent.clone(),
            };
            drop(state);
            self.audit(&agent.badge, "auto_lock", "idle");
        }
    }

    /// Checks a badge and PIN; audits failures and locks the badge out after too many.
    fn check_pin(
        &self,
        badge: &str,
        pin: &Sensitive<String>,
        action: &str,
    ) -> Result<Agent, SignInError> {
        let now = self.clock.now();
        let badge = match normalise_badge(badge) {
            Ok(b) => b,
            Err(_) => return Err(SignInError::NotRecognised),
        };
        let row = self.store.read(|c| load_row(c, &badge))?;
        let Some(row) = row else {
            // Same work as a wrong PIN, so timing does not tell which badges exist.
            let _ = pin::verify(pin, pin::decoy());
            self.audit(&badge, &format!("{action}_failed"), "unknown badge");
            return Err(SignInError::NotRecognised);
        };
        if let Some(until) = row.locked_until.filter(|u| *u > now) {
            self.audit(&badge, &format!("{action}_refused"), "badge locked out");
            return Err(SignInError::LockedOut { until });
        }
        // The slow hash runs outside the database lock.
        if pin::verify(pin, &row.pin_hash) {
            self.store.write(|tx| {
                tx.execute(
                    "UPDATE agents SET failed_attempts = 0, locked_until = NULL WHERE badge = ?1",
                    [&badge],
                )?;
                about_badge(
                    tx,
                    now,
                    &badge,
                    action,
                    &format!("station {}", self.station),
                )
            })?;
            return Ok(row.agent);
        }
        let failures = row.failed_attempts + 1;
        let locked_until =
            (failures >= self.policy.max_failures).then(|| now + self.policy.lockout);
        self.store.write(|tx| {
            tx.execute(
                "UPDATE agents SET failed_attempts = ?2, locked_until = ?3 WHERE badge = ?1",
                params![badge, failures, locked_until.map(fmt_time)],
            )?;
            let detail = format!(
                "wrong PIN ({failures} in a row) at station {}",
                self.station
            );
            about_badge(tx, now, &badge, &format!("{action}_failed"), &detail)?;
            if locked_until.is_some() {
                let detail = format!("after {failures} wrong PINs");
                about_badge(tx, now, &badge, "badge_locked_out", &detail)?;
            }
            Ok(())
        })?;
        match locked_until {
            Some(until) => Err(SignInError::LockedOut { until }),
            None => Err(SignInError::NotRecognised),
        }
    }

    fn audit(&self, badge: &str, action: &str, detail: &str) {
        let now = self.clock.now();
        let station = &self.station;
        let detail = if detail.is_empty() {
            format!("station {station}")
        } else {
            format!("{detail} at station {station}")
        };
        let result = self
            .store
            .write(|tx| about_badge(tx, now, badge, action, &detail));
        if let Err(e) = result {
            tracing::error!(error = %e, action, "could not write the sign-in audit entry");
        }
    }
}

/// An audit entry by a badge about itself (sign-in events are both actor and subject).
fn about_badge(
    tx: &rusqlite::Transaction<'_>,
    now: DateTime<Utc>,
    badge: &str,
    action: &str,
    detail: &str,
) -> crate::CoreResult<()> {
    audit_append(
        tx,
        now,
        AuditRecord {
            actor: badge,
            action,
            subject: badge,
            detail,
        },
    )
    .map(|_| ())
}
