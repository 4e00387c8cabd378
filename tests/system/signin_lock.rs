//! Agent sign-in at a station on a real SQLite file and a manual clock: PINs kept only as salted
//! hashes, wrong PINs audited, lockout after repeated failures, idle auto-lock and unlock.

mod outbox_support;

use chrono::Duration;
use outbox_support::TestResult;
use std::sync::Arc;
use vaultpick_core::ports::Sensitive;
use vaultpick_core::signin::{
    LockPolicy, LockStatus, Role, SignInError, StationLock, enroll_agent,
};
use vaultpick_core::store::{DB_FILE, audit_for_subject};
use vaultpick_core::{Clock, ManualClock, Store};

const TECH_PIN: &str = "739146285031";

fn pin(p: &str) -> Sensitive<String> {
    Sensitive::new(p.to_owned())
}

struct Station {
    dir: tempfile::TempDir,
    store: Arc<Store>,
    clock: Arc<ManualClock>,
    lock: StationLock,
}

fn station(policy: LockPolicy) -> Result<Station, Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let store = Arc::new(Store::open_in(dir.path())?);
    let clock = Arc::new(ManualClock::new(
        chrono::DateTime::parse_from_rfc3339("2026-11-26T15:00:00Z")?.to_utc(),
    ));
    store.write(|tx| {
        enroll_agent(
            tx,
            "A-1001",
            "Jo Tech",
            Role::Technician,
            &pin(TECH_PIN),
            "setup",
            clock.now(),
        )?;
        enroll_agent(
            tx,
            "M2002",
            "Sam Manager",
            Role::Manager,
            &pin("5555"),
            "setup",
            clock.now(),
        )?;
        Ok(())
    })?;
    let lock = StationLock::new(store.clone(), clock.clone(), policy, "vault-1");
    Ok(Station {
        dir,
        store,
        clock,
        lock,
    })
}

#[test]
fn sign_in_attributes_actions_and_idle_locks_until_badge_and_pin() -> TestResult {
    let s = station(LockPolicy::default())?;
    assert!(matches!(s.lock.acting_agent(), Err(SignInError::SignedOut)));
    // Badge numbers are typed with spaces or dashes as often as scanned.
    let agent = s.lock.sign_in("A 1001", &pin(TECH_PIN))?;
    assert_eq!(
        (agent.badge.as_str(), agent.role),
        ("A1001", Role::Technician)
    );
    assert_eq!(s.lock.acting_agent()?.badge, "A1001");

    s.clock.advance(Duration::seconds(299));
    s.lock.touch();
    s.clock.advance(Duration::seconds(299));
    assert!(
        matches!(s.lock.status(), LockStatus::Unlocked { .. }),
        "activity keeps it open"
    );
    s.clock.advance(Duration::seconds(1));
    assert!(
        matches!(s.lock.status(), LockStatus::Locked { .. }),
        "5 min idle locks"
    );
    assert!(matches!(
        s.lock.acting_agent(),
        Err(SignInError::StationLocked)
    ));
    assert!(matches!(
        s.lock.unlock("A1001", &pin("000000")),
        Err(SignInError::NotRecognised)
    ));
    // A manager may take over the locked station; actions are theirs from then on.
    assert_eq!(s.lock.unlock("M2002", &pin("5555"))?.role, Role::Manager);
    assert_eq!(s.lock.acting_agent()?.badge, "M2002");

    let trail: Vec<String> = s
        .store
        .read(|c| audit_for_subject(c, "A1001"))?
        .into_iter()
        .map(|e| e.action)
        .collect();
    for action in ["agent_enrolled", "signin", "auto_lock", "unlock_failed"] {
        assert!(
            trail.iter().any(|a| a == action),
            "{action} missing from {trail:?}"
        );
    }
    Ok(())
}

#[test]
fn idle_time_is_configurable() -> TestResult {
    let s = station(LockPolicy {
        idle: Duration::minutes(1),
        ..LockPolicy::default()
    })?;
    s.lock.sign_in("A1001", &pin(TECH_PIN))?;
    s.clock.advance(Duration::seconds(60));
    assert!(matches!(s.lock.status(), LockStatus::Locked { .. }));
    Ok(())
}

#[test]
fn repeated_wrong_pins_lock_the_badge_out_and_are_audited() -> TestResult {
    let s = station(LockPolicy::default())?;
    for attempt in 1..=4 {
        let err = s.lock.sign_in("A1001", &pin("111111")).err();
        assert!(
            matches!(err, Some(SignInError::NotRecognised)),
            "attempt {attempt}: {err:?}"
        );
    }
    // An unknown badge gets the same answer as a wrong PIN.
    assert!(matches!(
        s.lock.sign_in("Z9999", &pin("111111")),
        Err(SignInError::NotRecognised)
    ));
    let fifth = s.lock.sign_in("A1001", &pin("111111"));
    assert!(
        matches!(fifth, Err(SignInError::LockedOut { .. })),
        "{fifth:?}"
    );
    // Even the right PIN is refused during the lockout...
    assert!(matches!(
        s.lock.sign_in("A1001", &pin(TECH_PIN)),
        Err(SignInError::LockedOut { .. })
    ));
    // ...and works once it has passed.
    s.clock.advance(Duration::minutes(15));
    s.lock.sign_in("A1001", &pin(TECH_PIN))?;

    let trail = s.store.read(|c| audit_for_subject(c, "A1001"))?;
    let failures = trail.iter().filter(|e| e.action == "signin_failed").count();
    assert_eq!(failures, 5);
    assert!(trail.iter().any(|e| e.action == "badge_locked_out"));
    assert!(
        s.store
            .read(|c| audit_for_subject(c, "Z9999"))?
            .iter()
            .any(|e| e.detail.contains("unknown badge"))
    );
    Ok(())
}

#[test]
fn the_pin_itself_is_never_stored() -> TestResult {
    let s = station(LockPolicy::default())?;
    s.lock.sign_in("A1001", &pin(TECH_PIN))?;
    let _ = s.lock.sign_in("A1001", &pin("739146285032"));
    drop(s.lock);
    let dir = s.dir.path().to_owned();
    drop(s.store);
    let mut scanned = 0;
    for entry in std::fs::read_dir(&dir)? {
        let path = entry?.path();
        let bytes = std::fs::read(&path)?;
        scanned += 1;
        for secret in [TECH_PIN, "739146285032"] {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "PIN found in {}",
                path.display()
            );
        }
    }
    assert!(scanned >= 1 && dir.join(DB_FILE).exists());
    Ok(())
}
