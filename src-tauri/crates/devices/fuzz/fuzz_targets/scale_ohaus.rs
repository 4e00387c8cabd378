//! Arbitrary bytes, split at an arbitrary point, into the Ohaus decoder: must never panic, and
//! whatever it yields must be consistent.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vaultpick_devices::scale::{Decoder, Protocol};

fuzz_target!(|data: &[u8]| {
    let split = data.first().map_or(0, |b| *b as usize).min(data.len());
    let mut decoder = Decoder::new(Protocol::Ohaus);
    decoder.push(&data[..split]);
    decoder.push(&data[split..]);
    decoder.push(b"\r\n");
    while let Some(r) = decoder.next_reading() {
        assert!(!(r.overload && r.underload));
        if r.is_committable_weight() {
            assert!(r.value.is_some() && r.unit.is_some() && r.stable);
        }
    }
});
