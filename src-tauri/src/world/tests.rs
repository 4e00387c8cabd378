//! The world wiring against a real store in a temp dir: sign-in, lock, roles, review resolution.
//! No keyring and no network here (the link is not started).

use super::*;
use crate::ipc::IpcErrorCode;
use vaultpick_core::outbox::{enqueue, review_queue};
use vaultpick_core::ports::TraceOp;

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn training_engine(dir: &Path) -> Result<Engine, Box<dyn std::error::Error>> {
    Ok(Engine::open(Mode::Training, dir)?)
}

#[test]
fn training_enrols_the_demo_agents_and_signs_in_with_badge_and_pin() -> TestResult {
    let dir = tempfile::tempdir()?;
    let engine = training_engine(dir.path())?;
    assert_eq!(
        engine.acting_agent().map_err(|e| e.code).err(),
        Some(IpcErrorCode::SignedOut)
    );
    let wrong = engine.sign_in("B-1042", "9999".into()).err();
    assert_eq!(wrong.map(|e| e.code), Some(IpcErrorCode::NotRecognised));
    let agent = engine.sign_in("B-1042", "1234".into())?;
    assert_eq!(agent.role, Role::Technician);
    assert_eq!(engine.acting_agent()?.badge, "B1042");
    // A technician may see the review queue but not resolve anything.
    assert!(engine.review_queue()?.is_empty());
    let refused = engine.resolve_review(1, ReviewAction::Retry, "x").err();
    assert_eq!(refused.map(|e| e.code), Some(IpcErrorCode::Forbidden));
    // Lock, then unlock with badge and PIN; sync state is untouched.
    assert!(matches!(engine.lock_station(), LockStatus::Locked { .. }));
    assert_eq!(
        engine.acting_agent().map_err(|e| e.code).err(),
        Some(IpcErrorCode::StationLocked)
    );
    engine.sign_in("B 1042", "1234".into())?;
    assert!(matches!(engine.session(), LockStatus::Unlocked { .. }));
    assert!(matches!(engine.sign_out(), LockStatus::SignedOut));
    // Reopening keeps the enrolled agents (enrolment runs once).
    drop(engine);
    let engine = training_engine(dir.path())?;
    engine.sign_in("M-2001", "2468".into())?;
    assert_eq!(engine.acting_manager()?.role, Role::Manager);
    let setup = engine.setup_status()?;
    assert_eq!(setup.demo_agents.len(), 2);
    assert!(!setup.needs_manager && !setup.needs_account);
    Ok(())
}

#[test]
fn a_manager_resolves_a_refused_change_with_a_reason_and_it_is_audited() -> TestResult {
    let dir = tempfile::tempdir()?;
    let engine = training_engine(dir.path())?;
    let uid = vaultpick_core::demo::training_uid(1);
    let op = TraceOp::Move {
        uid: uid.clone(),
        room: 2,
    };
    let now = engine.clock.now();
    let id = engine.store.write(|tx| {
        let id = enqueue(tx, &op, "B1042", now)?;
        tx.execute(
            "UPDATE outbox SET state = 'review', last_error = 'Inventory is in a quarantine room' WHERE id = ?1",
            [id],
        )?;
        Ok(id)
    })?;
    engine.sign_in("M-2001", "2468".into())?;
    let rows = engine.review_queue()?;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].error, "Inventory is in a quarantine room");
    assert_eq!(rows[0].action, "move");
    assert!(rows[0].summary.contains(uid.as_str()));
    let status = engine.world_status(now)?;
    assert_eq!(status.sync.pending, 0);
    assert!(!status.sync.connected);
    // No reason: refused by the core.
    let blank = engine.resolve_review(id, ReviewAction::Discard, "  ").err();
    assert_eq!(blank.map(|e| e.code), Some(IpcErrorCode::Invalid));
    let edited = rows[0].op_json.replace("\"room\": 2", "\"room\": 1");
    engine.resolve_review(id, ReviewAction::Edit { op_json: edited }, "wrong room")?;
    assert!(engine.store.read(review_queue)?.is_empty());
    let audited: i64 = engine.store.read(|c| {
        Ok(c.query_row(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'outbox_edit' AND actor = 'M2001'",
            [],
            |r| r.get(0),
        )?)
    })?;
    assert_eq!(audited, 1);
    Ok(())
}

#[test]
fn deadline_alarms_show_in_the_status_at_half_and_four_fifths() -> TestResult {
    let dir = tempfile::tempdir()?;
    let engine = training_engine(dir.path())?;
    let start = engine.clock.now();
    engine.store.write(|tx| {
        let op = TraceOp::Move {
            uid: vaultpick_core::demo::training_uid(2),
            room: 2,
        };
        enqueue(tx, &op, "B1042", start).map(|_| ())
    })?;
    let at = |h: i64| engine.world_status(start + Duration::hours(h));
    assert!(at(11)?.sync.alarm.is_none());
    assert!(matches!(
        at(12)?.sync.alarm,
        Some(SyncAlarm::Warning { percent: 50 })
    ));
    assert!(matches!(
        at(20)?.sync.alarm,
        Some(SyncAlarm::Warning { percent: 80 })
    ));
    assert!(matches!(at(24)?.sync.alarm, Some(SyncAlarm::Overdue)));
    assert_eq!(at(1)?.sync.pending, 1);
    Ok(())
}

#[test]
fn production_first_run_enrols_one_manager_and_waits_for_settings() -> TestResult {
    let dir = tempfile::tempdir()?;
    let engine = Engine::open(Mode::Production, dir.path())?;
    // No settings file: the setup screen is needed and nobody can sign in yet.
    assert!(engine.needs_setup()?);
    assert!(
        engine.sign_in("B-1042", "1234".into()).is_err(),
        "no demo agents in production"
    );
    let form = |badge: &str| ManagerForm {
        badge: badge.into(),
        name: "Pat Lee".into(),
        pin: "86420".into(),
    };
    let manager = engine.enroll_first_manager(form("M-9001"))?;
    assert_eq!(manager.role, Role::Manager);
    let second = engine.enroll_first_manager(form("M-9002")).err();
    assert_eq!(second.map(|e| e.code), Some(IpcErrorCode::Invalid));
    engine.sign_in("M-9001", "86420".into())?;
    assert!(
        engine.needs_setup()?,
        "still no settings file and no account"
    );
    Ok(())
}
