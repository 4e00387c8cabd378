//! Ports: what the engine needs from outside the process, as traits. Adapters live in other crates
//! (trace, devices, labels, secrets) or in the app; tests plug in the real adapters against simulators.

mod pos;
mod printer;
mod scale;
mod scanner;
mod secrets;
mod trace;

pub use pos::*;
pub use printer::*;
pub use scale::*;
pub use scanner::*;
pub use secrets::*;
pub use trace::*;
