//! Arbitrary bytes through scanner framing and classification: must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vaultpick_devices::scanner::{Framing, ScanFramer, classify};

fuzz_target!(|data: &[u8]| {
    let mut framer = ScanFramer::new(Framing::default());
    for scan in framer.push(data) {
        let _ = classify(&scan, 2026);
    }
    let _ = classify(&String::from_utf8_lossy(data), 2026);
});
