//! Errors the engine reports. Each says what went wrong in words a technician or manager can act on.

use thiserror::Error;

pub type CoreResult<T> = Result<T, CoreError>;

#[derive(Debug, Error)]
pub enum CoreError {
    #[error(
        "the database is from a newer VaultPick (schema {found}, this app knows up to {supported}); update the app — the file was left untouched"
    )]
    NewerSchema { found: i64, supported: i64 },
    #[error(
        "the disk is full: nothing was lost, but nothing new can be saved until space is freed ({0})"
    )]
    DiskFull(String),
    #[error("the database is busy in another VaultPick window; close it and try again")]
    Busy,
    #[error("database error: {0}")]
    Store(String),
    #[error("{0}")]
    Invalid(String),
    #[error("{what} not found: {id}")]
    NotFound { what: &'static str, id: String },
}

impl From<rusqlite::Error> for CoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match e.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => CoreError::DiskFull(e.to_string()),
            Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => CoreError::Busy,
            _ => CoreError::Store(e.to_string()),
        }
    }
}
