//! Injected faults: what goes wrong between a client and BioTrack, on demand.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// A fault to inject. Counted faults hit the next `count` requests (of `action` only, when given).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "fault", rename_all = "snake_case")]
pub enum Fault {
    /// Delay every request by this much before handling it (0 turns it off).
    Latency { millis: u64 },
    /// Close the connection without handling the request: nothing applied, no reply.
    DropRequest {
        count: u32,
        #[serde(default)]
        action: Option<String>,
    },
    /// Handle the request (writes are applied), then close the connection without a reply.
    ApplyThenDropReply {
        count: u32,
        #[serde(default)]
        action: Option<String>,
    },
    /// Answer with this 5xx status and an empty body, without handling the request.
    ServerError {
        count: u32,
        #[serde(default = "default_status")]
        status: u16,
        #[serde(default)]
        action: Option<String>,
    },
    /// Answer 429 with an empty body, without handling the request.
    TooManyRequests {
        count: u32,
        #[serde(default)]
        action: Option<String>,
    },
    /// Handle the request (writes are applied), then answer 200 with the first half of the JSON.
    Garbage {
        count: u32,
        #[serde(default)]
        action: Option<String>,
    },
    /// Handle the request, then answer with `Content-Type: text/plain` leaked into the body before the
    /// JSON (a 2017 BioTrack bug): the reply is still good for a tolerant client.
    LeakedHeader {
        count: u32,
        #[serde(default)]
        action: Option<String>,
    },
    /// Each request (of `action`, when given) gets one of the counted faults above, chosen at random
    /// with probability `percent`/100, from a generator seeded with `seed`.
    Chaos {
        seed: u64,
        percent: u8,
        #[serde(default)]
        action: Option<String>,
    },
    /// Forget every session now: the next call with an old session id gets errorcode 63.
    ExpireSessions,
    /// Every write touching `barcode` is refused with this business error until faults are cleared.
    BarcodeError {
        barcode: String,
        errorcode: i64,
        error: String,
    },
}

fn default_status() -> u16 {
    500
}

/// What happens to one request's reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReplyFault {
    DropRequest,
    ApplyThenDropReply,
    ServerError(u16),
    TooManyRequests,
    Garbage,
    LeakedHeader,
}

impl ReplyFault {
    const CHAOS: [ReplyFault; 6] = [
        ReplyFault::DropRequest,
        ReplyFault::ApplyThenDropReply,
        ReplyFault::ServerError(503),
        ReplyFault::TooManyRequests,
        ReplyFault::Garbage,
        ReplyFault::LeakedHeader,
    ];
}

struct Pending {
    fault: ReplyFault,
    remaining: u32,
    action: Option<String>,
}

struct Chaos {
    rng: StdRng,
    percent: u8,
    action: Option<String>,
}

#[derive(Default)]
pub(crate) struct FaultBook {
    pub latency: Duration,
    pending: Vec<Pending>,
    chaos: Option<Chaos>,
}

fn matches(filter: &Option<String>, action: Option<&str>) -> bool {
    filter.as_deref().is_none_or(|f| Some(f) == action)
}

impl FaultBook {
    /// Queues a counted fault or sets latency/chaos. Returns the faults that act on the world
    /// (session expiry, barcode errors) for the caller to apply there.
    pub fn add(&mut self, fault: Fault) -> Option<Fault> {
        let (kind, count, action) = match fault {
            Fault::Latency { millis } => {
                self.latency = Duration::from_millis(millis);
                return None;
            }
            Fault::Chaos {
                seed,
                percent,
                action,
            } => {
                self.chaos = Some(Chaos {
                    rng: StdRng::seed_from_u64(seed),
                    percent: percent.min(100),
                    action,
                });
                return None;
            }
            Fault::ExpireSessions | Fault::BarcodeError { .. } => return Some(fault),
            Fault::DropRequest { count, action } => (ReplyFault::DropRequest, count, action),
            Fault::ApplyThenDropReply { count, action } => {
                (ReplyFault::ApplyThenDropReply, count, action)
            }
            Fault::ServerError {
                count,
                status,
                action,
            } => (ReplyFault::ServerError(status), count, action),
            Fault::TooManyRequests { count, action } => {
                (ReplyFault::TooManyRequests, count, action)
            }
            Fault::Garbage { count, action } => (ReplyFault::Garbage, count, action),
            Fault::LeakedHeader { count, action } => (ReplyFault::LeakedHeader, count, action),
        };
        if count > 0 {
            self.pending.push(Pending {
                fault: kind,
                remaining: count,
                action,
            });
        }
        None
    }

    pub fn clear(&mut self) {
        *self = FaultBook::default();
    }

    /// The fault for the request now arriving, if any (counted faults first, in the order queued).
    pub fn take(&mut self, action: Option<&str>) -> Option<ReplyFault> {
        if let Some(index) = self.pending.iter().position(|p| matches(&p.action, action)) {
            let pending = &mut self.pending[index];
            pending.remaining -= 1;
            let fault = pending.fault;
            if pending.remaining == 0 {
                self.pending.remove(index);
            }
            return Some(fault);
        }
        let chaos = self.chaos.as_mut().filter(|c| matches(&c.action, action))?;
        if chaos.rng.random_range(0..100u8) >= chaos.percent {
            return None;
        }
        let pick = chaos.rng.random_range(0..ReplyFault::CHAOS.len());
        Some(ReplyFault::CHAOS[pick])
    }
}
