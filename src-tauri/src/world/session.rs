//! Sign-in, the idle lock and first-run setup, as the IPC commands call them. PINs and passwords
//! arrive from the sign-in and setup screens, are wrapped in `Sensitive` at once and never leave.

use super::link;
use crate::engine::Engine;
use crate::ipc::{IpcError, IpcErrorCode};
use crate::paths::Mode;
use serde::{Deserialize, Serialize};
use std::sync::atomic::Ordering;
use vaultpick_core::ports::Sensitive;
use vaultpick_core::signin::{self, Agent, LockStatus, Role, SignInError};
use vaultpick_secrets::Credentials;

fn code_for(e: &SignInError) -> IpcErrorCode {
    match e {
        SignInError::NotRecognised => IpcErrorCode::NotRecognised,
        SignInError::LockedOut { .. } => IpcErrorCode::LockedOut,
        SignInError::StationLocked => IpcErrorCode::StationLocked,
        SignInError::SignedOut => IpcErrorCode::SignedOut,
        SignInError::Store(_) => IpcErrorCode::Store,
    }
}

impl From<SignInError> for IpcError {
    fn from(e: SignInError) -> Self {
        match e {
            SignInError::Store(core) => IpcError::from(core),
            other => IpcError {
                code: code_for(&other),
                message: other.to_string(),
            },
        }
    }
}

fn forbidden(message: &str) -> IpcError {
    IpcError {
        code: IpcErrorCode::Forbidden,
        message: message.to_owned(),
    }
}

fn keyring(e: impl std::fmt::Display) -> IpcError {
    IpcError {
        code: IpcErrorCode::Keyring,
        message: e.to_string(),
    }
}

/// What first-run setup still needs (production only; training sets itself up).
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct SetupStatus {
    pub mode: Mode,
    /// No manager is enrolled yet: setup enrols one first.
    pub needs_manager: bool,
    /// No BioTrack account in the keyring.
    pub needs_account: bool,
    /// The settings file is missing its `biotrack` section or is broken.
    pub settings_problem: Option<String>,
    /// Demo badges and PINs, shown on the training sign-in screen (empty in production).
    pub demo_agents: Vec<DemoAgent>,
    /// The setup screen is needed (production with a piece missing): the same rule as the status
    /// tick's `needs_setup`.
    pub needs_setup: bool,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct DemoAgent {
    pub badge: String,
    pub name: String,
    pub role: Role,
    pub pin: String,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct ManagerForm {
    pub badge: String,
    pub name: String,
    pub pin: String,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct AccountForm {
    pub licence: String,
    pub username: String,
    pub password: String,
}

/// True when no active Inventory Manager is enrolled (first run in production).
const NO_MANAGER_SQL: &str =
    "SELECT COUNT(*) = 0 FROM agents WHERE role = 'manager' AND active = 1";

fn no_manager(store: &vaultpick_core::Store) -> vaultpick_core::CoreResult<bool> {
    store.read(|c| Ok(c.query_row(NO_MANAGER_SQL, [], |r| r.get::<_, bool>(0))?))
}

impl Engine {
    /// The agent every action is attributed to. Refused while the station is locked or nobody is
    /// signed in: every command that changes something calls this first.
    pub fn acting_agent(&self) -> Result<Agent, IpcError> {
        Ok(self.world.lock.acting_agent()?)
    }

    /// The acting agent, who must be a manager.
    pub fn acting_manager(&self) -> Result<Agent, IpcError> {
        let agent = self.acting_agent()?;
        if agent.role != Role::Manager {
            return Err(forbidden(
                "only an Inventory Manager can do this: sign in with a manager badge",
            ));
        }
        Ok(agent)
    }

    pub fn session(&self) -> LockStatus {
        self.world.lock.status()
    }

    pub fn sign_in(&self, badge: &str, pin: String) -> Result<Agent, IpcError> {
        let pin = Sensitive::new(pin);
        let agent = match self.world.lock.status() {
            LockStatus::Locked { .. } => self.world.lock.unlock(badge, &pin)?,
            _ => self.world.lock.sign_in(badge, &pin)?,
        };
        tracing::info!(badge = %agent.badge, "signed in");
        Ok(agent)
    }

    pub fn lock_station(&self) -> LockStatus {
        self.world.lock.lock_now();
        self.world.lock.status()
    }

    pub fn sign_out(&self) -> LockStatus {
        self.world.lock.sign_out();
        self.world.lock.status()
    }

    /// A key press or scan in the window: keeps an unlocked station unlocked.
    pub fn touch(&self) -> LockStatus {
        self.world.lock.touch();
        self.world.lock.status()
    }

    /// Production without a manager, an account or usable settings: the setup screen is shown.
    pub(crate) fn needs_setup(&self) -> vaultpick_core::CoreResult<bool> {
        if self.world.mode != Mode::Production {
            return Ok(false);
        }
        let account = self.world.account_saved.load(Ordering::SeqCst);
        let settings = self.world.config_problem.is_none() && self.world.config.biotrack.is_some();
        Ok(!account || !settings || no_manager(&self.store)?)
    }

    pub fn setup_status(&self) -> Result<SetupStatus, IpcError> {
        let needs_manager = no_manager(&self.store)?;
        let production = self.world.mode == Mode::Production;
        let needs_account = production && self.world.secrets.load().map_err(keyring)?.is_none();
        if production {
            self.world
                .account_saved
                .store(!needs_account, Ordering::SeqCst);
        }
        let settings_problem = self.world.config_problem.clone().or_else(|| {
            (production && self.world.config.biotrack.is_none()).then(|| {
                format!(
                    "add a \"biotrack\" section to {} in the data folder (see the README)",
                    super::config::CONFIG_FILE
                )
            })
        });
        let demo_agents = if production {
            Vec::new()
        } else {
            super::TRAINING_AGENTS
                .iter()
                .map(|(badge, name, role, pin)| DemoAgent {
                    badge: (*badge).to_owned(),
                    name: (*name).to_owned(),
                    role: *role,
                    pin: (*pin).to_owned(),
                })
                .collect()
        };
        Ok(SetupStatus {
            mode: self.world.mode,
            needs_setup: self.needs_setup()?,
            needs_manager,
            needs_account,
            settings_problem,
            demo_agents,
        })
    }

    /// First run only: enrols the station's first manager (nobody can sign in before that).
    pub fn enroll_first_manager(&self, form: ManagerForm) -> Result<Agent, IpcError> {
        let now = self.clock.now();
        let pin = Sensitive::new(form.pin);
        Ok(self.store.write(|tx| {
            // Checked inside the enrolling transaction, so two first runs cannot both enrol one.
            let none_yet: bool = tx.query_row(NO_MANAGER_SQL, [], |r| r.get(0))?;
            if !none_yet {
                return Err(vaultpick_core::CoreError::Invalid(
                    "a manager is already enrolled: sign in as that manager instead".into(),
                ));
            }
            signin::enroll_agent(
                tx,
                &form.badge,
                &form.name,
                Role::Manager,
                &pin,
                "setup",
                now,
            )
        })?)
    }

    /// Stores the BioTrack account in the keyring. Allowed before the first sign-in only while no
    /// account exists; replacing one needs a signed-in manager.
    pub fn save_account(&self, form: AccountForm) -> Result<(), IpcError> {
        if self.world.secrets.load().map_err(keyring)?.is_some() {
            self.acting_manager()?;
        }
        let creds = Credentials {
            licence: form.licence,
            username: form.username,
            password: Sensitive::new(form.password),
        };
        self.world.secrets.save(&creds).map_err(keyring)?;
        self.world.account_saved.store(true, Ordering::SeqCst);
        tracing::info!("BioTrack account saved in the OS keyring");
        Ok(())
    }

    /// "Forget credentials": removes the account from the keyring and stops the link. Manager only.
    pub fn forget_account(&self) -> Result<(), IpcError> {
        let manager = self.acting_manager()?;
        self.world.secrets.forget().map_err(keyring)?;
        if self.world.mode == Mode::Production {
            self.world.account_saved.store(false, Ordering::SeqCst);
        }
        if let Some(link) = self.world.link().take() {
            link.stop();
        }
        self.health
            .set_trace(vaultpick_core::status::LinkStatus::NotConfigured);
        let now = self.clock.now();
        self.store.write(|tx| {
            vaultpick_core::store::audit_append(
                tx,
                now,
                vaultpick_core::store::AuditRecord {
                    actor: &manager.badge,
                    action: "credentials_forgotten",
                    subject: "biotrack",
                    detail: "BioTrack account removed from the keyring",
                },
            )
            .map(|_| ())
        })?;
        tracing::info!(badge = %manager.badge, "BioTrack account forgotten");
        Ok(())
    }

    pub(crate) fn set_link(&self, new: link::Link) {
        if let Some(old) = self.world.link().replace(new) {
            old.stop();
        }
    }

    pub(crate) fn has_link(&self) -> bool {
        self.world.link().is_some()
    }
}
