//! Agent sign-in and the station lock.
//!
//! A technician signs in with the state agent badge (number scanned or typed) and a PIN. The PIN is
//! kept only as a salted Argon2id hash. An idle station locks itself (default 5 minutes, on the
//! [`Clock`](crate::Clock)) while the outbox keeps syncing; unlocking needs badge and PIN again.
//! Every action is attributed to [`StationLock::acting_agent`]. Wrong PINs are audited, and too many
//! in a row lock the badge out for a while.

mod agents;
mod lock;
mod pin;

pub use agents::{Agent, Role, enroll_agent, load_agent};
pub use lock::{LockPolicy, LockStatus, SignInError, StationLock};
