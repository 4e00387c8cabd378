//! What the workflow refuses, typed so the UI can say exactly what is allowed instead.
//!
//! A refused *scan* is not an error (see [`super::ScanVerdict`]); these are requests that make no sense in
//! the order's current state, or failures of the store underneath.

use super::machine::Action;
use crate::CoreError;
use crate::domain::OrderStatus;

#[derive(Debug, thiserror::Error)]
pub enum WorkflowError {
    #[error(
        "order {order} is {from}: cannot {action}; allowed now: {}",
        list(allowed)
    )]
    IllegalTransition {
        order: String,
        from: OrderStatus,
        action: Action,
        allowed: Vec<Action>,
    },
    /// The order is in the right state, but something must happen first; the text says what.
    #[error("{0}")]
    NotReady(String),
    #[error("{what} not found: {id}")]
    NotFound { what: &'static str, id: String },
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Core(#[from] CoreError),
}

impl From<rusqlite::Error> for WorkflowError {
    fn from(e: rusqlite::Error) -> Self {
        WorkflowError::Core(e.into())
    }
}

fn list(allowed: &[Action]) -> String {
    if allowed.is_empty() {
        return "nothing (the order is closed)".into();
    }
    allowed
        .iter()
        .map(|a| a.describe())
        .collect::<Vec<_>>()
        .join(", ")
}

pub type WorkflowResult<T> = Result<T, WorkflowError>;
