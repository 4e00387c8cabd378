//! The BioTrack account the station logs in with: stored as one keyring entry so that setup and
//! "forget" are all-or-nothing.

use serde::{Deserialize, Serialize};
use std::fmt;
use vaultpick_core::ports::{SecretError, SecretStore, Sensitive};

/// The keyring entry holding the BioTrack account.
const KEY: &str = "biotrack.account";

/// A BioTrack v1 account: `licence` is the company number BioTrack calls `license_number`.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub licence: String,
    pub username: String,
    pub password: Sensitive<String>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("licence", &self.licence)
            .field("username", &self.username)
            .field("password", &self.password)
            .finish()
    }
}

/// The stored form. Private, and only ever built to be handed straight to the keyring.
#[derive(Serialize, Deserialize)]
struct Stored {
    licence: String,
    username: String,
    password: String,
}

pub fn save_credentials(store: &dyn SecretStore, creds: &Credentials) -> Result<(), SecretError> {
    if creds.licence.trim().is_empty() || creds.username.trim().is_empty() {
        return Err(SecretError::Denied(
            "the BioTrack licence number and username are required".into(),
        ));
    }
    let stored = Stored {
        licence: creds.licence.trim().to_owned(),
        username: creds.username.trim().to_owned(),
        password: creds.password.expose().clone(),
    };
    let json = serde_json::to_string(&stored)
        .map_err(|e| SecretError::Denied(format!("cannot encode the account: {e}")))?;
    store.set(KEY, &Sensitive::new(json))
}

/// The saved account, or `None` before first-run setup (or after "forget").
pub fn load_credentials(store: &dyn SecretStore) -> Result<Option<Credentials>, SecretError> {
    let Some(json) = store.get(KEY)? else {
        return Ok(None);
    };
    // The parse error is not shown: serde quotes the input, which holds the password.
    let stored: Stored = serde_json::from_str(json.expose()).map_err(|_| {
        SecretError::Denied(
            "the saved BioTrack account is unreadable; forget it and enter it again".into(),
        )
    })?;
    Ok(Some(Credentials {
        licence: stored.licence,
        username: stored.username,
        password: Sensitive::new(stored.password),
    }))
}

pub fn forget_credentials(store: &dyn SecretStore) -> Result<(), SecretError> {
    store.delete(KEY)
}
