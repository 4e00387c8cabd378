//! The station's keyring, split per mode: training keeps its sandbox account under its own keys so
//! it can never be confused with (or overwrite) a licensee's production account.

use crate::paths::Mode;
use vaultpick_core::ports::{SecretError, SecretStore, Sensitive};
use vaultpick_secrets::{BuildKind, Credentials, KeyringSecretStore};

/// A [`SecretStore`] whose keys are prefixed with the mode (`training.` in training mode).
pub struct ModeSecrets {
    inner: Box<dyn SecretStore>,
    prefix: &'static str,
}

impl ModeSecrets {
    pub fn os_keyring(mode: Mode) -> Self {
        Self::over(
            Box::new(KeyringSecretStore::new(BuildKind::current())),
            mode,
        )
    }

    pub fn over(inner: Box<dyn SecretStore>, mode: Mode) -> Self {
        let prefix = match mode {
            Mode::Training => "training.",
            Mode::Production => "",
        };
        ModeSecrets { inner, prefix }
    }

    fn key(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    pub fn load(&self) -> Result<Option<Credentials>, SecretError> {
        vaultpick_secrets::load_credentials(self)
    }

    pub fn save(&self, creds: &Credentials) -> Result<(), SecretError> {
        vaultpick_secrets::save_credentials(self, creds)
    }

    pub fn forget(&self) -> Result<(), SecretError> {
        vaultpick_secrets::forget_credentials(self)
    }
}

impl SecretStore for ModeSecrets {
    fn get(&self, key: &str) -> Result<Option<Sensitive<String>>, SecretError> {
        self.inner.get(&self.key(key))
    }
    fn set(&self, key: &str, value: &Sensitive<String>) -> Result<(), SecretError> {
        self.inner.set(&self.key(key), value)
    }
    fn delete(&self, key: &str) -> Result<(), SecretError> {
        self.inner.delete(&self.key(key))
    }
}

/// A release build must keep credentials in a store that survives a restart: refuse to start on
/// anything else, in words an installer can act on.
pub fn require_persistent() -> Result<(), String> {
    KeyringSecretStore::new(BuildKind::current())
        .require_persistent()
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::sync::Mutex;

    #[derive(Default)]
    struct MapStore(Mutex<HashMap<String, String>>);

    impl SecretStore for MapStore {
        fn get(&self, key: &str) -> Result<Option<Sensitive<String>>, SecretError> {
            let map = self
                .0
                .lock()
                .map_err(|_| SecretError::Denied("poisoned".into()))?;
            Ok(map.get(key).cloned().map(Sensitive::new))
        }
        fn set(&self, key: &str, value: &Sensitive<String>) -> Result<(), SecretError> {
            let mut map = self
                .0
                .lock()
                .map_err(|_| SecretError::Denied("poisoned".into()))?;
            map.insert(key.to_owned(), value.expose().clone());
            Ok(())
        }
        fn delete(&self, key: &str) -> Result<(), SecretError> {
            let mut map = self
                .0
                .lock()
                .map_err(|_| SecretError::Denied("poisoned".into()))?;
            map.remove(key);
            Ok(())
        }
    }

    #[test]
    fn training_keys_are_prefixed_and_round_trip() -> Result<(), SecretError> {
        let secrets = ModeSecrets::over(Box::<MapStore>::default(), Mode::Training);
        assert_eq!(secrets.load()?, None);
        let creds = Credentials {
            licence: "999000100".into(),
            username: "trainee".into(),
            password: Sensitive::new("pw-123".into()),
        };
        secrets.save(&creds)?;
        assert!(secrets.get("biotrack.account")?.is_some());
        assert_eq!(secrets.inner.get("biotrack.account")?, None);
        assert!(secrets.inner.get("training.biotrack.account")?.is_some());
        assert_eq!(secrets.load()?, Some(creds));
        secrets.forget()?;
        assert_eq!(secrets.load()?, None);
        Ok(())
    }
}
