//! Who is acting at this station. Every workflow call and every print is attributed through
//! [`acting_agent`] alone, so pointing it at the sign-in lock (issue 3, `signin::StationLock`) is a
//! one-function change.

use crate::engine::Engine;
use crate::paths::Mode;
use vaultpick_core::workflow::WorkflowError;

/// The agent recorded in training until sign-in is wired: visibly not a person.
pub const TRAINING_AGENT: &str = "training-technician";

/// The agent to attribute the next action to. Production refuses: nothing may be recorded under a
/// made-up name in a licensee's records.
pub fn acting_agent(engine: &Engine) -> Result<String, WorkflowError> {
    match engine.mode() {
        Mode::Training => Ok(TRAINING_AGENT.to_owned()),
        Mode::Production => Err(WorkflowError::Invalid(
            "sign in with your badge first (sign-in is not available on this build yet)".into(),
        )),
    }
}
