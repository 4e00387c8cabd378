//! The OS keyring behind the engine's [`SecretStore`] port, and the BioTrack credentials kept in it.
//!
//! Credentials live only here: never in SQLite, logs, IPC or the webview. The password travels as a
//! [`Sensitive`] that cannot print or serialise. Each build kind (dev, test, release) has its own
//! keyring namespace, so a developer's machine never mixes training and production credentials.

mod credentials;

pub use credentials::{Credentials, forget_credentials, load_credentials, save_credentials};

use keyring::credential::{CredentialBuilder, CredentialPersistence};
use vaultpick_core::ports::{SecretError, SecretStore, Sensitive};

/// Which kind of build is running; each has its own keyring namespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuildKind {
    Dev,
    Test,
    Release,
}

impl BuildKind {
    /// Release for an optimised build, Dev otherwise. Tests choose [`BuildKind::Test`] themselves.
    pub fn current() -> Self {
        if cfg!(debug_assertions) {
            BuildKind::Dev
        } else {
            BuildKind::Release
        }
    }

    /// The keyring "service" name all of this build kind's entries live under.
    pub fn namespace(self) -> &'static str {
        match self {
            BuildKind::Dev => "com.vaultpick.app.dev",
            BuildKind::Test => "com.vaultpick.app.test",
            BuildKind::Release => "com.vaultpick.app",
        }
    }
}

/// How long the underlying store keeps what it is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Persistence {
    /// Kept on disk until deleted (Secret Service, Keychain, Credential Manager).
    Persistent,
    /// Lost at reboot (Linux keyutils).
    UntilReboot,
    /// Lost when the process ends, or sooner (the mock store).
    InMemory,
}

/// [`SecretStore`] on the OS keyring.
pub struct KeyringSecretStore {
    kind: BuildKind,
    builder: Box<CredentialBuilder>,
}

impl KeyringSecretStore {
    /// The platform's keyring as compiled into this build.
    pub fn new(kind: BuildKind) -> Self {
        // Taken from the compiled-in default, not from keyring's global (which any crate could
        // have swapped for a mock), so `require_persistent` judges the store actually used.
        Self::with_builder(kind, keyring::default::default_credential_builder())
    }

    /// A store on an explicit keyring backend (tests use this to prove the mock is refused).
    pub fn with_builder(kind: BuildKind, builder: Box<CredentialBuilder>) -> Self {
        KeyringSecretStore { kind, builder }
    }

    pub fn kind(&self) -> BuildKind {
        self.kind
    }

    pub fn persistence(&self) -> Persistence {
        match self.builder.persistence() {
            CredentialPersistence::UntilDelete => Persistence::Persistent,
            CredentialPersistence::UntilReboot => Persistence::UntilReboot,
            _ => Persistence::InMemory,
        }
    }

    /// A release build refuses to start on a store that would forget the credentials: a
    /// mis-featured build must fail loudly rather than "store" them nowhere.
    pub fn require_persistent(&self) -> Result<(), SecretError> {
        if self.kind == BuildKind::Release && self.persistence() != Persistence::Persistent {
            return Err(SecretError::Unavailable(format!(
                "this build would keep the BioTrack credentials only {} — it was built without an OS \
                 keyring store and must not be used in a store",
                match self.persistence() {
                    Persistence::UntilReboot => "until the next reboot",
                    _ => "in memory",
                }
            )));
        }
        Ok(())
    }

    /// Touches the keyring once so that a missing or locked Secret Service is reported at start-up
    /// in plain words rather than at the first sign-in.
    pub fn check_available(&self) -> Result<(), SecretError> {
        self.get("vaultpick.probe").map(|_| ())
    }

    fn entry(&self, key: &str) -> Result<keyring::Entry, SecretError> {
        let cred = self
            .builder
            .build(None, self.kind.namespace(), key)
            .map_err(map_error)?;
        Ok(keyring::Entry::new_with_credential(cred))
    }

    /// Runs a keyring call on a thread of its own: the Secret Service client blocks on its own
    /// runtime, which panics if called from a tokio worker thread (the app calls from one).
    fn isolated<R: Send>(
        &self,
        f: impl FnOnce() -> Result<R, SecretError> + Send,
    ) -> Result<R, SecretError> {
        std::thread::scope(|s| {
            s.spawn(f).join().unwrap_or_else(|_| {
                Err(SecretError::Unavailable(
                    "the keyring client crashed".into(),
                ))
            })
        })
    }
}

fn map_error(e: keyring::Error) -> SecretError {
    // Display only: some variants' Debug form carries the stored bytes.
    match e {
        keyring::Error::PlatformFailure(_) | keyring::Error::NoStorageAccess(_) => {
            SecretError::Unavailable(e.to_string())
        }
        other => SecretError::Denied(other.to_string()),
    }
}

impl SecretStore for KeyringSecretStore {
    fn get(&self, key: &str) -> Result<Option<Sensitive<String>>, SecretError> {
        let entry = self.entry(key)?;
        self.isolated(move || match entry.get_password() {
            Ok(value) => Ok(Some(Sensitive::new(value))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(map_error(e)),
        })
    }

    fn set(&self, key: &str, value: &Sensitive<String>) -> Result<(), SecretError> {
        let entry = self.entry(key)?;
        self.isolated(move || entry.set_password(value.expose()).map_err(map_error))
    }

    fn delete(&self, key: &str) -> Result<(), SecretError> {
        let entry = self.entry(key)?;
        self.isolated(move || match entry.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(map_error(e)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_build_refuses_the_in_memory_mock() {
        let store = KeyringSecretStore::with_builder(
            BuildKind::Release,
            keyring::mock::default_credential_builder(),
        );
        assert_eq!(store.persistence(), Persistence::InMemory);
        let err = store
            .require_persistent()
            .expect_err("mock must be refused");
        assert!(err.to_string().contains("in memory"), "{err}");
        let dev = KeyringSecretStore::with_builder(
            BuildKind::Dev,
            keyring::mock::default_credential_builder(),
        );
        assert!(dev.require_persistent().is_ok());
    }

    #[test]
    fn this_platform_compiles_a_persistent_store() {
        // Guards the per-OS feature choice in Cargo.toml: no OS this app ships on may fall back
        // to the mock.
        let store = KeyringSecretStore::new(BuildKind::Release);
        assert_eq!(store.persistence(), Persistence::Persistent);
        assert!(store.require_persistent().is_ok());
    }

    #[test]
    fn namespaces_differ_per_build_kind() {
        let names = [BuildKind::Dev, BuildKind::Test, BuildKind::Release].map(BuildKind::namespace);
        assert_ne!(names[0], names[1]);
        assert_ne!(names[1], names[2]);
        assert_ne!(names[0], names[2]);
    }
}
