//! Shared by the scale fuzz targets: arbitrary bytes, split at an arbitrary point, into one
//! protocol's decoder. It must never panic, and whatever it yields must be consistent.

use vaultpick_devices::scale::{Decoder, Protocol};

pub fn decode(protocol: Protocol, data: &[u8]) {
    let split = data.first().map_or(0, |b| *b as usize).min(data.len());
    let mut decoder = Decoder::new(protocol);
    decoder.push(&data[..split]);
    decoder.push(&data[split..]);
    decoder.push(b"\r\n");
    while let Some(r) = decoder.next_reading() {
        assert!(!(r.overload && r.underload));
        if r.is_committable_weight() {
            assert!(r.value.is_some() && r.unit.is_some() && r.stable);
        }
    }
}
