//! Errors on the wire: a code the UI branches on and a message a technician can act on.

use serde::Serialize;
use vaultpick_core::CoreError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum IpcErrorCode {
    /// The database belongs to a newer VaultPick: update the app.
    NewerSchema,
    /// The disk is full: free space, nothing was lost.
    DiskFull,
    /// Another VaultPick holds the database: close it and retry.
    Busy,
    /// The request itself was wrong (bad input from the UI).
    Invalid,
    NotFound,
    /// The database failed in a way the technician cannot fix: call support.
    Store,
    /// A bug in the app (a task panicked): call support.
    Internal,
    /// The scale or scanner did not do what was asked (not connected, no answer, not stable).
    Device,
    /// Nobody is signed in at this station.
    SignedOut,
    /// The station is locked: badge and PIN unlock it.
    StationLocked,
    /// Badge or PIN not recognised (deliberately the same for both).
    NotRecognised,
    /// Too many wrong PINs: the badge is locked out for a while.
    LockedOut,
    /// The signed-in agent may not do this (a manager must).
    Forbidden,
    /// The OS keyring is missing, locked or refused.
    Keyring,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type, thiserror::Error)]
#[error("{message}")]
pub struct IpcError {
    pub code: IpcErrorCode,
    pub message: String,
}

impl IpcError {
    pub fn invalid(message: impl Into<String>) -> Self {
        IpcError {
            code: IpcErrorCode::Invalid,
            message: message.into(),
        }
    }

    pub fn device(message: impl std::fmt::Display) -> Self {
        IpcError {
            code: IpcErrorCode::Device,
            message: message.to_string(),
        }
    }

    pub fn internal(what: impl std::fmt::Display) -> Self {
        IpcError {
            code: IpcErrorCode::Internal,
            message: format!("internal error: {what}"),
        }
    }
}

impl From<CoreError> for IpcError {
    fn from(e: CoreError) -> Self {
        let code = match &e {
            CoreError::NewerSchema { .. } => IpcErrorCode::NewerSchema,
            CoreError::DiskFull(_) => IpcErrorCode::DiskFull,
            CoreError::Busy => IpcErrorCode::Busy,
            CoreError::Store(_) => IpcErrorCode::Store,
            CoreError::Invalid(_) => IpcErrorCode::Invalid,
            CoreError::NotFound { .. } => IpcErrorCode::NotFound,
        };
        IpcError {
            code,
            message: e.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_errors_keep_their_words_and_get_a_code() {
        let e = IpcError::from(CoreError::Busy);
        assert_eq!(e.code, IpcErrorCode::Busy);
        assert_eq!(e.message, CoreError::Busy.to_string());
        let wire = serde_json::to_value(IpcError::from(CoreError::DiskFull("ENOSPC".into())))
            .map_err(|e| e.to_string());
        assert_eq!(
            wire.ok().and_then(|v| v.get("code").cloned()),
            Some(serde_json::json!("disk_full"))
        );
    }
}
