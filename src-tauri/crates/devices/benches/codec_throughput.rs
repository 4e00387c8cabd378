//! Codec throughput in MB/s per protocol: clean frames, and frames each preceded by control-byte
//! noise (the resync path). Also scanner classification in scans/s. Prints figures; asserts nothing.
//! Run: `cargo bench -p vaultpick-devices --bench codec_throughput`

use std::hint::black_box;
use std::time::Instant;
use vaultpick_devices::scale::{Decoder, Protocol, ReplyKind};
use vaultpick_devices::scanner::classify;

const TARGET_BYTES: usize = 32 * 1024 * 1024;

fn frames(protocol: Protocol) -> Vec<&'static [u8]> {
    match protocol {
        Protocol::MtSics => vec![
            b"S S       3.50 g\r\n",
            b"S D       3.48 g\r\n",
            b"S S    -100.00 g\r\n",
            b"S +\r\n",
        ],
        Protocol::And => vec![
            b"ST,+00003.50  g\r\n",
            b"US,+00003.48  g\r\n",
            b"OL,+999999.9  g\r\n",
            b"EC,E11\r\n",
        ],
        Protocol::Ohaus => vec![
            b"      3.50 g\r\n",
            b"      3.48 g     ?\r\n",
            b"    192.21 g       NET\r\n",
            b"ES\r\n",
        ],
    }
}

fn stream(protocol: Protocol, noise: &[u8]) -> (Vec<u8>, usize) {
    let mut bytes = Vec::with_capacity(TARGET_BYTES + 64);
    let mut count = 0;
    'fill: loop {
        for f in frames(protocol) {
            bytes.extend_from_slice(noise);
            bytes.extend_from_slice(f);
            count += 1;
            if bytes.len() >= TARGET_BYTES {
                break 'fill;
            }
        }
    }
    (bytes, count)
}

fn measure(protocol: Protocol, label: &str, noise: &[u8]) {
    let (bytes, frames) = stream(protocol, noise);
    let mut decoder = Decoder::new(protocol);
    let start = Instant::now();
    let mut decoded = 0usize;
    // Serial ports hand over small chunks; 64 bytes is typical of a USB-CDC read.
    for chunk in bytes.chunks(64) {
        decoder.push(chunk);
        while let Some(r) = decoder.next_reading() {
            if r.kind != ReplyKind::Unrecognised {
                decoded += 1;
            }
            black_box(r);
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let mb = bytes.len() as f64 / 1e6;
    println!(
        "{:<8} {:<22} {:>8.1} MB/s  {:>10.0} frames/s  ({decoded}/{frames} frames decoded)",
        protocol.name(),
        label,
        mb / secs,
        frames as f64 / secs
    );
}

fn main() {
    println!(
        "scale codec throughput ({} MB per run, 64-byte reads)",
        TARGET_BYTES / (1024 * 1024)
    );
    for p in Protocol::ALL {
        measure(p, "clean", b"");
        measure(p, "control-byte noise", b"\x00\x07\x0e\xff");
    }
    let scans = [
        "]d20109506000134352172612311012AB\u{1d}21XYZ789",
        "6647330000000123",
        "1A4FF0100000022000000123",
        "CMD:CONFIRM",
    ];
    let n = 2_000_000;
    let start = Instant::now();
    for i in 0..n {
        black_box(classify(black_box(scans[i % scans.len()]), 2026));
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "scanner  classify               {:>10.0} scans/s",
        n as f64 / secs
    );
}
