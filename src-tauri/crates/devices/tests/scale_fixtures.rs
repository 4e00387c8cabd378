//! Byte fixtures for every reply form in hardware.md §1.2–§1.4, plus resync and hostile input.

use rust_decimal::Decimal;
use std::str::FromStr;
use vaultpick_devices::scale::{Command, Decoder, Fault, Protocol, Reading, ReplyKind, Unit};

fn one(protocol: Protocol, bytes: &[u8]) -> Reading {
    let mut readings = Decoder::new(protocol).decode(bytes);
    assert_eq!(readings.len(), 1, "{protocol}: {bytes:?} gave {readings:?}");
    readings.remove(0)
}

fn dec(s: &str) -> Option<Decimal> {
    Decimal::from_str(s).ok()
}

fn assert_weight(r: &Reading, value: &str, unit: Unit, grams: &str, stable: bool) {
    assert_eq!(r.kind, ReplyKind::Weight, "{r:?}");
    assert_eq!(r.value, dec(value), "{r:?}");
    assert_eq!(r.unit, Some(unit), "{r:?}");
    assert_eq!(
        r.grams.map(|g| g.to_string()),
        Some(grams.to_string()),
        "{r:?}"
    );
    assert_eq!(r.stable, stable, "{r:?}");
    assert!(!r.overload && !r.underload && r.error.is_none(), "{r:?}");
}

#[test]
fn mt_sics_weights() {
    let r = one(Protocol::MtSics, b"S S       3.50 g\r\n");
    assert_weight(&r, "3.50", Unit::Gram, "3.50", true);
    assert_eq!(r.raw, "S S       3.50 g");
    assert_eq!(r.reply_to.as_deref(), Some("S"));
    assert!(r.is_committable_weight());
    assert_weight(
        &one(Protocol::MtSics, b"S D       3.48 g\r\n"),
        "3.48",
        Unit::Gram,
        "3.48",
        false,
    );
    assert_weight(
        &one(Protocol::MtSics, b"S S    -100.00 g\r\n"),
        "-100.00",
        Unit::Gram,
        "-100.00",
        true,
    );
    assert_weight(
        &one(Protocol::MtSics, b"S S     0.0035 kg\r\n"),
        "0.0035",
        Unit::Kilogram,
        "3.5000",
        true,
    );
    assert_weight(
        &one(Protocol::MtSics, b"S S   3500.0 mg\r\n"),
        "3500.0",
        Unit::Milligram,
        "3.5000",
        true,
    );
    // The OHAUS 7000 example from the manual: `S_S_ _ _ _ _ 129.09_kg`.
    assert_weight(
        &one(Protocol::MtSics, b"S S     129.09 kg\r\n"),
        "129.09",
        Unit::Kilogram,
        "129090.00",
        true,
    );
}

#[test]
fn mt_sics_status_replies() {
    let over = one(Protocol::MtSics, b"S +\r\n");
    assert!(
        over.overload
            && !over.underload
            && over.kind == ReplyKind::Weight
            && !over.is_committable_weight()
    );
    let under = one(Protocol::MtSics, b"S -\r\n");
    assert!(under.underload && !under.overload);
    assert_eq!(
        one(Protocol::MtSics, b"S I\r\n").error,
        Some(Fault::NotExecutable)
    );
    assert_eq!(one(Protocol::MtSics, b"ES\r\n").error, Some(Fault::Syntax));
    assert_eq!(
        one(Protocol::MtSics, b"ET\r\n").error,
        Some(Fault::Transmission)
    );
    assert_eq!(one(Protocol::MtSics, b"EL\r\n").error, Some(Fault::Logical));
    let z = one(Protocol::MtSics, b"Z A\r\n");
    assert_eq!((z.kind, z.reply_to.as_deref()), (ReplyKind::Ack, Some("Z")));
    assert_eq!(
        one(Protocol::MtSics, b"Z I\r\n").error,
        Some(Fault::NotExecutable)
    );
    assert_eq!(
        one(Protocol::MtSics, b"Z +\r\n").error,
        Some(Fault::OutOfRange)
    );
    assert_eq!(
        one(Protocol::MtSics, b"Z -\r\n").error,
        Some(Fault::OutOfRange)
    );
    assert_eq!(one(Protocol::MtSics, b"TAC A\r\n").kind, ReplyKind::Ack);
    assert_eq!(one(Protocol::MtSics, b"Z S\r\n").kind, ReplyKind::Ack);
}

#[test]
fn mt_sics_tare_and_identity() {
    let t = one(Protocol::MtSics, b"T S      12.00 g\r\n");
    assert_eq!(
        (t.kind, t.value, t.stable),
        (ReplyKind::Tare, dec("12.00"), true)
    );
    let ta = one(Protocol::MtSics, b"TA A      12.5 g\r\n");
    assert_eq!((ta.kind, ta.value), (ReplyKind::Tare, dec("12.5")));
    assert_eq!(
        one(Protocol::MtSics, b"T I\r\n").error,
        Some(Fault::NotExecutable)
    );
    let id = one(Protocol::MtSics, b"I4 A \"B123456789\"\r\n");
    assert_eq!(
        (id.kind, id.text.as_deref()),
        (ReplyKind::Identity, Some("B123456789"))
    );
    let model = one(Protocol::MtSics, b"I2 A \"T72XW Standard 50.00 kg\"\r\n");
    assert_eq!(
        (model.kind, model.text.as_deref()),
        (ReplyKind::Info, Some("T72XW Standard 50.00 kg"))
    );
    assert_eq!(
        one(Protocol::MtSics, b"I4 I\r\n").error,
        Some(Fault::NotExecutable)
    );
}

#[test]
fn mt_sics_commands() {
    let enc = |c: Command| {
        Protocol::MtSics
            .encode(&c)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
    };
    assert_eq!(enc(Command::StableWeight).as_deref(), Some("S\r\n"));
    assert_eq!(enc(Command::CurrentWeight).as_deref(), Some("SI\r\n"));
    assert_eq!(enc(Command::StreamWeight).as_deref(), Some("SIR\r\n"));
    assert_eq!(enc(Command::Zero).as_deref(), Some("Z\r\n"));
    assert_eq!(enc(Command::Tare).as_deref(), Some("T\r\n"));
    assert_eq!(enc(Command::QueryTare).as_deref(), Some("TA\r\n"));
    assert_eq!(enc(Command::ClearTare).as_deref(), Some("TAC\r\n"));
    assert_eq!(enc(Command::Reset).as_deref(), Some("@\r\n"));
    assert_eq!(enc(Command::Identity).as_deref(), Some("I4\r\n"));
    let preset = Command::PresetTare {
        value: Decimal::new(125, 1),
        unit: Unit::Gram,
    };
    assert_eq!(enc(preset).as_deref(), Some("TA 12.5 g\r\n"));
}

#[test]
fn and_replies() {
    let r = one(Protocol::And, b"ST,+00003.50  g\r\n");
    assert_weight(&r, "3.50", Unit::Gram, "3.50", true);
    assert_eq!(r.raw, "ST,+00003.50  g");
    assert_weight(
        &one(Protocol::And, b"US,+00003.48  g\r\n"),
        "3.48",
        Unit::Gram,
        "3.48",
        false,
    );
    assert_weight(
        &one(Protocol::And, b"ST,+001234.5  g\r\n"),
        "1234.5",
        Unit::Gram,
        "1234.5",
        true,
    );
    assert_weight(
        &one(Protocol::And, b"ST,-00012.30  g\r\n"),
        "-12.30",
        Unit::Gram,
        "-12.30",
        true,
    );
    assert_weight(
        &one(Protocol::And, b"ST,+0.003500 kg\r\n"),
        "0.003500",
        Unit::Kilogram,
        "3.500000",
        true,
    );
    let over = one(Protocol::And, b"OL,+999999.9  g\r\n");
    assert!(over.overload && !over.underload && !over.is_committable_weight());
    let under = one(Protocol::And, b"OL,-99999999 PC\r\n");
    assert!(under.underload && !under.overload);
    let count = one(Protocol::And, b"QT,+00000012 PC\r\n");
    assert_eq!(
        (count.unit.clone(), count.grams, count.stable),
        (Some(Unit::Pieces), None, true)
    );
    assert!(!count.is_committable_weight());
    assert_eq!(one(Protocol::And, b"EC,E01\r\n").error, Some(Fault::Syntax));
    assert_eq!(
        one(Protocol::And, b"EC,E02\r\n").error,
        Some(Fault::NotExecutable)
    );
    assert_eq!(one(Protocol::And, b"EC,E04\r\n").error, Some(Fault::Syntax));
    assert_eq!(one(Protocol::And, b"EC,E06\r\n").error, Some(Fault::Syntax));
    assert_eq!(
        one(Protocol::And, b"EC,E07\r\n").error,
        Some(Fault::OutOfRange)
    );
    assert_eq!(
        one(Protocol::And, b"EC,E11\r\n").error,
        Some(Fault::Unstable)
    );
    assert_eq!(
        one(Protocol::And, b"EC,E20\r\n").error,
        Some(Fault::Device("E20".into()))
    );
    assert_eq!(one(Protocol::And, b"\x06").kind, ReplyKind::Ack);
    let sn = one(Protocol::And, b"SN,T1234567\r\n");
    assert_eq!(
        (sn.kind, sn.text.as_deref()),
        (ReplyKind::Identity, Some("T1234567"))
    );
    // CR-only terminator (function table option).
    assert_weight(
        &one(Protocol::And, b"ST,+00003.50  g\r"),
        "3.50",
        Unit::Gram,
        "3.50",
        true,
    );
}

#[test]
fn and_commands() {
    let enc = |c: Command| {
        Protocol::And
            .encode(&c)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
    };
    assert_eq!(enc(Command::StableWeight).as_deref(), Some("S\r\n"));
    assert_eq!(enc(Command::CurrentWeight).as_deref(), Some("Q\r\n"));
    assert_eq!(enc(Command::StreamWeight).as_deref(), Some("SIR\r\n"));
    assert_eq!(enc(Command::StopStream).as_deref(), Some("C\r\n"));
    assert_eq!(enc(Command::Zero).as_deref(), Some("Z\r\n"));
    assert_eq!(enc(Command::Tare).as_deref(), Some("T\r\n"));
    assert_eq!(enc(Command::Identity).as_deref(), Some("?SN\r\n"));
    let preset = Command::PresetTare {
        value: Decimal::new(125, 1),
        unit: Unit::Gram,
    };
    assert_eq!(enc(preset).as_deref(), Some("PT:12.5g\r\n"));
}

#[test]
fn ohaus_replies() {
    let r = one(Protocol::Ohaus, b"      3.50 g\r\n");
    assert_weight(&r, "3.50", Unit::Gram, "3.50", true);
    // The manual's examples, `*` and `_` written as spaces.
    assert_weight(
        &one(Protocol::Ohaus, b"     192.21 g\r\n"),
        "192.21",
        Unit::Gram,
        "192.21",
        true,
    );
    assert_weight(
        &one(Protocol::Ohaus, b"       0.01 g ?\r\n"),
        "0.01",
        Unit::Gram,
        "0.01",
        false,
    );
    assert_weight(
        &one(Protocol::Ohaus, b"      3.50 g     ? NET\r\n"),
        "3.50",
        Unit::Gram,
        "3.50",
        false,
    );
    let net = one(Protocol::Ohaus, b"      3.50 g       NET\r\n");
    assert_eq!((net.stable, net.text.as_deref()), (true, Some("NET")));
    let timed = one(Protocol::Ohaus, b"      3.50 g       12:30:05\r\n");
    assert_eq!(timed.text.as_deref(), Some("12:30:05"));
    assert_weight(
        &one(Protocol::Ohaus, b"     -1.25 oz ?\r\n"),
        "-1.25",
        Unit::Ounce,
        "-35.43690390625",
        false,
    );
    let tare = one(Protocol::Ohaus, b"     12.00 g       T\r\n");
    assert_eq!(tare.kind, ReplyKind::Tare);
    assert_eq!(one(Protocol::Ohaus, b"ES\r\n").error, Some(Fault::Syntax));
    assert_eq!(one(Protocol::Ohaus, b"OK!\r\n").kind, ReplyKind::Ack);
    // A serial-number reply has no documented shape: it stays text for the driver to record.
    let sn = one(Protocol::Ohaus, b"SN: B845012345\r\n");
    assert_eq!(
        (sn.kind, sn.text.as_deref()),
        (ReplyKind::Unrecognised, Some("SN: B845012345"))
    );
}

#[test]
fn ohaus_commands() {
    let enc = |c: Command| {
        Protocol::Ohaus
            .encode(&c)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
    };
    assert_eq!(enc(Command::StableWeight).as_deref(), Some("SP\r\n"));
    assert_eq!(enc(Command::CurrentWeight).as_deref(), Some("IP\r\n"));
    assert_eq!(enc(Command::StreamWeight).as_deref(), Some("CP\r\n"));
    assert_eq!(enc(Command::StopStream).as_deref(), Some("0P\r\n"));
    assert_eq!(enc(Command::Zero).as_deref(), Some("Z\r\n"));
    assert_eq!(enc(Command::Tare).as_deref(), Some("T\r\n"));
    assert_eq!(enc(Command::ClearTare).as_deref(), Some("0T\r\n"));
    assert_eq!(enc(Command::Identity).as_deref(), Some("PSN\r\n"));
    assert_eq!(enc(Command::Reset), None);
}

/// The bug that cost the last session its work: control-byte noise glued to the front of an A&D
/// frame. The frame right after the noise must decode, for every protocol.
#[test]
fn control_byte_noise_before_a_frame_resyncs_within_that_frame() {
    let noise: &[u8] = b"\x00\x07\x0e\x00\x1b\x7f\xff\x07";
    for (protocol, frame, value) in [
        (Protocol::And, &b"ST,+00003.50  g\r\n"[..], "3.50"),
        (Protocol::MtSics, &b"S S       3.50 g\r\n"[..], "3.50"),
        (Protocol::Ohaus, &b"      3.50 g\r\n"[..], "3.50"),
    ] {
        let mut bytes = noise.to_vec();
        bytes.extend_from_slice(frame);
        bytes.extend_from_slice(frame);
        let readings = Decoder::new(protocol).decode(&bytes);
        assert_eq!(readings.len(), 2, "{protocol}: {readings:?}");
        for r in readings {
            assert_eq!((r.value, r.stable), (dec(value), true), "{protocol}: {r:?}");
        }
    }
}

#[test]
fn printable_garbage_and_half_frames_before_a_frame_resync() {
    let cases: [(Protocol, &[u8]); 6] = [
        (Protocol::And, b"ST,+000ST,+00003.50  g\r\n"),
        (Protocol::And, b"xx,,OL,US,+00003.50  g\r\n"),
        (Protocol::MtSics, b"S S   S S       3.50 g\r\n"),
        (Protocol::MtSics, b"TS XS S       3.50 g\r\n"),
        (Protocol::Ohaus, b"abc 9      3.50 g\r\n"),
        (Protocol::Ohaus, b"g ?      3.50 g\r\n"),
    ];
    for (protocol, bytes) in cases {
        let r = one(protocol, bytes);
        assert_eq!(r.value, dec("3.50"), "{protocol}: {bytes:?} → {r:?}");
        assert_eq!(r.kind, ReplyKind::Weight, "{protocol}: {bytes:?}");
    }
}

#[test]
fn frames_split_across_reads_decode_once_complete() {
    let frame = b"ST,+00003.50  g\r\n";
    let mut d = Decoder::new(Protocol::And);
    for b in &frame[..frame.len() - 2] {
        assert!(d.decode(std::slice::from_ref(b)).is_empty());
    }
    let r = d.decode(b"\r\n");
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].value, dec("3.50"));
}

#[test]
fn hostile_input_never_panics_and_never_yields_a_weight() {
    let mut long = vec![b'9'; 100_000];
    long.extend_from_slice(b"\r\n");
    let inputs: Vec<Vec<u8>> = vec![
        vec![0u8; 1000],
        (0u8..=255).collect(),
        b"\xff\xfe\xc3(\xa0\xa1S S 3.50 \xe2\x82 g\r\n".to_vec(),
        long,
        b"S S 99999999999999999999999999999999 g\r\n".to_vec(),
        b"ST,+9999999999999999999999  g\r\n".to_vec(),
        "S S 3.50 \u{00b5}g\r\n".as_bytes().to_vec(),
        b"\r\n\r\n\n\r\x06\x06".to_vec(),
    ];
    for protocol in Protocol::ALL {
        for input in &inputs {
            for r in Decoder::new(protocol).decode(input) {
                assert!(!r.is_committable_weight(), "{protocol}: {input:?} → {r:?}");
            }
        }
    }
}

#[test]
fn a_frame_after_kilobytes_of_unterminated_noise_still_decodes() {
    let mut bytes = vec![b'#'; 10_000];
    bytes.extend_from_slice(b"S S       3.50 g\r\n");
    let r = one(Protocol::MtSics, &bytes);
    assert_eq!(r.value, dec("3.50"));
}
