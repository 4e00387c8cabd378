//! Exponential backoff with jitter, on an injectable seeded RNG so tests replay exactly.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::time::Duration;

/// Delay before try `n + 1` after `n` failed tries: half of `min(cap, base * 2^n)` plus a random
/// share of the other half ("equal jitter"). The random half spreads a fleet of stations that all
/// come back online at once; the fixed half keeps a station from hammering a server that is down.
#[derive(Debug)]
pub struct Backoff {
    pub base: Duration,
    pub cap: Duration,
    rng: StdRng,
}

impl Backoff {
    pub fn new(base: Duration, cap: Duration, seed: u64) -> Self {
        Backoff {
            base,
            cap,
            rng: StdRng::seed_from_u64(seed),
        }
    }

    /// The delay after `failures` consecutive failed tries (1 for the first failure).
    pub fn delay(&mut self, failures: u32) -> Duration {
        let exp = failures.saturating_sub(1).min(30);
        let ceiling = self
            .base
            .saturating_mul(1u32 << exp)
            .min(self.cap)
            .as_millis() as u64;
        let half = ceiling / 2;
        let jitter = if ceiling > half {
            self.rng.random_range(0..=ceiling - half)
        } else {
            0
        };
        Duration::from_millis(half + jitter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_exponentially_within_bounds_and_caps() {
        let seed = 7;
        println!("backoff seed {seed}");
        let mut b = Backoff::new(Duration::from_millis(100), Duration::from_secs(10), seed);
        for failures in 1..=20u32 {
            let ceiling = (100u64 << (failures - 1).min(30)).min(10_000);
            let d = b.delay(failures).as_millis() as u64;
            assert!(
                d >= ceiling / 2 && d <= ceiling,
                "try {failures}: {d} not in [{}, {ceiling}]",
                ceiling / 2
            );
        }
    }

    #[test]
    fn same_seed_same_delays() {
        let mut a = Backoff::new(Duration::from_millis(50), Duration::from_secs(60), 42);
        let mut b = Backoff::new(Duration::from_millis(50), Duration::from_secs(60), 42);
        let xs: Vec<_> = (1..12).map(|n| a.delay(n)).collect();
        let ys: Vec<_> = (1..12).map(|n| b.delay(n)).collect();
        assert_eq!(xs, ys);
    }
}
