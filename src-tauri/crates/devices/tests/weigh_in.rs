//! Legal-for-trade acceptance: ±1 e by default, judged on a stable, fresh net reading of a scale
//! that is the registered one and not overdue for calibration; each refusal says why.

use chrono::{NaiveDate, Utc};
use rust_decimal::Decimal;
use std::time::{Duration, Instant};
use vaultpick_devices::driver::TimedReading;
use vaultpick_devices::scale::{Decoder, Fault, Protocol};
use vaultpick_devices::weigh::{Jurisdiction, Refusal, ScaleProfile, WeighIn};

fn g(s: &str) -> Decimal {
    s.parse().unwrap_or_default()
}

fn reading(line: &str, received: Instant) -> TimedReading {
    let mut d = Decoder::new(Protocol::MtSics).decode(format!("{line}\r\n").as_bytes());
    TimedReading {
        reading: d.remove(0),
        received,
        at: Utc::now(),
    }
}

fn profile(e: &str, due: Option<NaiveDate>) -> ScaleProfile {
    ScaleProfile {
        serial: Some("B123".into()),
        e_g: g(e),
        d_g: g("0.01"),
        class: Some("II".into()),
        coc: Some("13-123".into()),
        calibration_due: due,
    }
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap_or_default()
}

#[test]
fn within_one_e_is_accepted_with_its_evidence() {
    let p = profile("0.01", NaiveDate::from_ymd_opt(2027, 1, 1));
    let rules = Jurisdiction::default();
    let w = WeighIn {
        profile: &p,
        rules: &rules,
        target_g: g("3.50"),
        tare_g: Some(g("12.00")),
        connected_serial: Some("B123"),
    };
    let now = Instant::now();
    for line in ["S S       3.50 g", "S S       3.51 g", "S S       3.49 g"] {
        let ok = w.judge(&reading(line, now), today(), now);
        assert!(ok.is_ok(), "{line}: {ok:?}");
    }
    let ok = w.judge(&reading("S S       3.51 g", now), today(), now);
    let ok = ok.map_err(|e| e.to_string());
    assert_eq!(
        ok.as_ref().map(|a| (a.net_g, a.gross_g, a.deviation_g)),
        Ok((g("3.51"), Some(g("15.51")), g("0.01")))
    );
    assert_eq!(
        ok.map(|a| (a.raw, a.scale_serial)),
        Ok(("S S       3.51 g".to_string(), Some("B123".to_string())))
    );
    // The calibration is due today: still allowed today.
    let p = profile("0.01", Some(today()));
    let w = WeighIn { profile: &p, ..w };
    assert!(
        w.judge(&reading("S S       3.50 g", now), today(), now)
            .is_ok()
    );
}

#[test]
fn every_refusal_says_why() {
    let now = Instant::now();
    let rules = Jurisdiction::default();
    let p = profile("0.01", NaiveDate::from_ymd_opt(2027, 1, 1));
    let w = WeighIn {
        profile: &p,
        rules: &rules,
        target_g: g("3.50"),
        tare_g: None,
        connected_serial: Some("B123"),
    };
    let judge = |line: &str, received: Instant| w.judge(&reading(line, received), today(), now);
    assert_eq!(
        judge("S S       3.52 g", now),
        Err(Refusal::OutOfTolerance {
            net_g: g("3.52"),
            target_g: g("3.50"),
            tolerance_g: g("0.01")
        })
    );
    assert_eq!(judge("S D       3.50 g", now), Err(Refusal::Unstable));
    assert!(matches!(
        judge("S S       3.50 g", now - Duration::from_secs(10)),
        Err(Refusal::Stale { .. })
    ));
    assert_eq!(judge("S +", now), Err(Refusal::Overload));
    assert_eq!(judge("S -", now), Err(Refusal::Underload));
    assert_eq!(
        judge("S I", now),
        Err(Refusal::ScaleFault(Fault::NotExecutable))
    );
    assert!(matches!(
        judge("S S       0.10 g", now),
        Err(Refusal::BelowMinimumLoad { .. })
    ));
    let overdue = profile("0.01", NaiveDate::from_ymd_opt(2026, 11, 25));
    let w2 = WeighIn {
        profile: &overdue,
        ..w.clone()
    };
    let refused = w2.judge(&reading("S S       3.50 g", now), today(), now);
    assert!(
        matches!(&refused, Err(Refusal::CalibrationOverdue { .. })),
        "{refused:?}"
    );
    assert!(
        refused
            .map_err(|e| e.to_string())
            .err()
            .unwrap_or_default()
            .contains("2026-11-25")
    );
    let w3 = WeighIn {
        connected_serial: Some("OTHER"),
        ..w.clone()
    };
    assert!(matches!(
        w3.judge(&reading("S S       3.50 g", now), today(), now),
        Err(Refusal::WrongScale { .. })
    ));
}

#[test]
fn tolerance_is_judged_in_e_not_d() {
    // d = 0.01 g but e = 0.1 g: 3.58 g is within ±1 e of 3.50 g.
    let now = Instant::now();
    let rules = Jurisdiction::default();
    let p = profile("0.1", None);
    let w = WeighIn {
        profile: &p,
        rules: &rules,
        target_g: g("3.50"),
        tare_g: None,
        connected_serial: None,
    };
    assert!(
        w.judge(&reading("S S       3.58 g", now), today(), now)
            .is_ok()
    );
    assert!(
        w.judge(&reading("S S       3.61 g", now), today(), now)
            .is_err()
    );
    // A stricter jurisdiction: ±0.5 e.
    let strict = Jurisdiction {
        name: "half-e".into(),
        tolerance_e: g("0.5"),
        ..Jurisdiction::default()
    };
    let w = WeighIn {
        rules: &strict,
        ..w
    };
    assert!(
        w.judge(&reading("S S       3.55 g", now), today(), now)
            .is_ok()
    );
    assert!(
        w.judge(&reading("S S       3.56 g", now), today(), now)
            .is_err()
    );
}
