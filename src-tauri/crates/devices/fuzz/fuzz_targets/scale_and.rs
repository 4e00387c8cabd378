//! The And decoder under libFuzzer (see common.rs).
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use vaultpick_devices::scale::Protocol;

fuzz_target!(|data: &[u8]| common::decode(Protocol::And, data));
