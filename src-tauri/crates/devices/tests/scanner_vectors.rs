//! AIM and GS1 vectors, package-id classification, command barcodes and the dedup window.

use chrono::NaiveDate;
use std::time::{Duration, Instant};
use vaultpick_devices::scanner::{
    IntakeConfig, ScanCommand, ScanIntake, ScanKind, ScanSource, classify, gs1,
};

const YEAR: i32 = 2026;

fn gs1_record(raw: &str) -> gs1::Gs1Record {
    match classify(raw, YEAR).kind {
        ScanKind::Gs1(r) => r,
        other => panic!("{raw:?} → {other:?}"),
    }
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

#[test]
fn gs1_datamatrix_with_gs_separator() {
    let r = gs1_record("]d20109506000134352172612311012AB\u{1d}21XYZ789");
    assert_eq!(r.gtin.as_deref(), Some("09506000134352"));
    assert_eq!(r.expiry.as_ref().map(|e| e.date), date(2026, 12, 31));
    assert_eq!(r.batch.as_deref(), Some("12AB"));
    assert_eq!(r.serial.as_deref(), Some("XYZ789"));
    assert_eq!(r.elements.len(), 4);
}

#[test]
fn gs1_128_and_qr_prefixes() {
    for prefix in ["]C1", "]Q3", "]e0"] {
        let r = gs1_record(&format!("{prefix}0109506000134352\u{1d}10LOT-7"));
        assert_eq!(
            (r.gtin.as_deref(), r.batch.as_deref()),
            (Some("09506000134352"), Some("LOT-7")),
            "{prefix}"
        );
    }
    let s = classify("]C10109506000134352", YEAR);
    assert_eq!(
        s.symbology.as_ref().map(|s| s.name.as_str()),
        Some("GS1-128")
    );
}

#[test]
fn variable_length_fields_in_any_order() {
    let r = gs1_record("]d21012345678901234567890\u{1d}21S1\u{1d}0109506000134352");
    assert_eq!(r.batch.as_deref(), Some("12345678901234567890"));
    assert_eq!(r.serial.as_deref(), Some("S1"));
    assert_eq!(r.gtin.as_deref(), Some("09506000134352"));
    // A trailing GS after the last field, and a GS after a fixed field, are tolerated.
    let r = gs1_record("]d20109506000134352\u{1d}10A\u{1d}");
    assert_eq!(r.batch.as_deref(), Some("A"));
}

#[test]
fn expiry_day_00_means_end_of_month() {
    assert_eq!(
        gs1_record("]C117260200").expiry.map(|e| e.date),
        date(2026, 2, 28)
    );
    assert_eq!(
        gs1_record("]C117280200").expiry.map(|e| e.date),
        date(2028, 2, 29)
    );
    assert_eq!(
        gs1_record("]C117261200").expiry.map(|e| e.date),
        date(2026, 12, 31)
    );
    let e = gs1_record("]C117990100").expiry;
    assert_eq!(
        e.map(|e| (e.raw, e.date)),
        Some(("990100".to_string(), date(1999, 1, 31).unwrap_or_default()))
    );
}

#[test]
fn leading_fnc1_and_human_readable_forms() {
    let r = gs1_record("\u{1d}0109506000134352\u{1d}10B1");
    assert_eq!(r.batch.as_deref(), Some("B1"));
    let r = gs1_record("(01)09506000134352(17)261231(10)12AB(21)XYZ789");
    assert_eq!(r.serial.as_deref(), Some("XYZ789"));
    assert_eq!(r.expiry.map(|e| e.date), date(2026, 12, 31));
}

#[test]
fn bad_gs1_is_unknown_with_a_reason() {
    for (raw, needle) in [
        ("]d20109506000134353", "check digit"),
        ("]d2010950600013435", "14"),
        ("]d21726133110AB", "date"),
        ("]d2880123", "unknown application identifier"),
        ("]d21012345678901234567890X", "too long"),
        ("]d2", "empty"),
        ("(01)0950600013435", "14"),
    ] {
        match classify(raw, YEAR).kind {
            ScanKind::Unknown { reason } => assert!(reason.contains(needle), "{raw:?}: {reason}"),
            other => panic!("{raw:?} → {other:?}"),
        }
    }
}

#[test]
fn package_ids_and_commands() {
    assert_eq!(
        classify("6647330000000123", YEAR).kind,
        ScanKind::Biotrack {
            id: "6647330000000123".into()
        }
    );
    // Plain Code 128 with an AIM id: the id is stripped, 16 digits stay BioTrack.
    let s = classify("]C06647330000000123", YEAR);
    assert_eq!(
        s.kind,
        ScanKind::Biotrack {
            id: "6647330000000123".into()
        }
    );
    assert_eq!(s.text, "6647330000000123");
    // The same 16 characters as GS1-128 are a GTIN.
    assert!(matches!(
        classify("]C10109506000134352", YEAR).kind,
        ScanKind::Gs1(_)
    ));
    assert_eq!(
        classify("1A4FF0100000022000000123", YEAR).kind,
        ScanKind::Metrc {
            tag: "1A4FF0100000022000000123".into(),
            warning: None
        }
    );
    assert!(matches!(
        classify("2B4FF0100000022000000123", YEAR).kind,
        ScanKind::Metrc {
            warning: Some(_),
            ..
        }
    ));
    for c in ScanCommand::ALL {
        assert_eq!(
            classify(&c.barcode_text(), YEAR).kind,
            ScanKind::Command { command: c }
        );
    }
    assert_eq!(
        classify("cmd:pause", YEAR).kind,
        ScanKind::Command {
            command: ScanCommand::Pause
        }
    );
    for (raw, needle) in [
        ("CMD:SELFDESTRUCT", "unknown command"),
        ("123456789012345", "15 digits"),
        ("héllo", "not a"),
    ] {
        match classify(raw, YEAR).kind {
            ScanKind::Unknown { reason } => assert!(reason.contains(needle), "{raw:?}: {reason}"),
            other => panic!("{raw:?} → {other:?}"),
        }
    }
    // Lowercase or 23-character tags are not Metrc tags.
    assert!(matches!(
        classify("1a4ff0100000022000000123", YEAR).kind,
        ScanKind::Unknown { .. }
    ));
    assert!(matches!(
        classify("1A4FF010000002200000012", YEAR).kind,
        ScanKind::Unknown { .. }
    ));
}

#[test]
fn duplicates_inside_the_window_are_dropped() {
    let intake = ScanIntake::new(IntakeConfig {
        dedup_window: Duration::from_millis(1000),
    });
    let mut rx = intake.subscribe();
    let t0 = Instant::now();
    let at = chrono::Utc::now();
    let submit = |text: &str, ms: u64| {
        intake.submit_at(text, ScanSource::Serial, t0 + Duration::from_millis(ms), at)
    };
    assert!(submit("6647330000000123", 0).is_some());
    assert!(
        submit("6647330000000123", 400).is_none(),
        "repeat inside the window"
    );
    assert!(
        submit("6647330000000123", 1300).is_none(),
        "the window slides while the code keeps coming"
    );
    assert!(
        submit("6647330000000123", 2400).is_some(),
        "after a quiet second it counts again"
    );
    assert!(submit("1A4FF0100000022000000123", 2500).is_some());
    assert!(
        submit("6647330000000123", 2600).is_some(),
        "a different code in between resets"
    );
    assert!(submit("", 5000).is_none());
    let mut got = Vec::new();
    while let Ok(s) = rx.try_recv() {
        got.push(s.scan.raw);
    }
    assert_eq!(
        got,
        [
            "6647330000000123",
            "6647330000000123",
            "1A4FF0100000022000000123",
            "6647330000000123"
        ]
    );
}

#[test]
fn wedge_text_joins_the_same_intake() {
    let intake = ScanIntake::new(IntakeConfig::default());
    let scan = intake.submit_wedge("CMD:CONFIRM\r\n");
    assert_eq!(
        scan.map(|s| (s.source, s.scan.kind)),
        Some((
            ScanSource::Wedge,
            ScanKind::Command {
                command: ScanCommand::Confirm
            }
        ))
    );
}

#[test]
fn hostile_scans_never_panic() {
    let long = "9".repeat(100_000);
    for raw in [
        "]",
        "]d",
        "]\u{e9}2",
        "(",
        "(01",
        "(01)",
        "()",
        "\u{1d}\u{1d}",
        "]C1(",
        "]C1\u{1d}",
        &long,
        "]d2\u{0}\u{7}17\u{1d}",
    ] {
        let _ = classify(raw, YEAR);
    }
}
