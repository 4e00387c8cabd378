//! Who is acting at this station. Every workflow call and every print is attributed through
//! [`acting_agent`] alone: the agent signed in at the station lock (see `world::session`).

use crate::engine::Engine;
use crate::ipc::IpcError;

/// The badge of the signed-in, unlocked agent; refused when signed out or locked.
pub fn acting_agent(engine: &Engine) -> Result<String, IpcError> {
    Ok(engine.acting_agent()?.badge)
}
