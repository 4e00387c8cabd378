/// Every command the UI may call, as granted in `capabilities/main.json`. Shared with build.rs.
pub const APP_COMMANDS: &[&str] = &[
    "queue_snapshot",
    "status_snapshot",
    "ui_log",
    // Sign-in, setup and review (src/ipc/world.rs).
    "session_status",
    "sign_in",
    "lock_station",
    "sign_out",
    "touch_session",
    "setup_status",
    "enroll_first_manager",
    "save_account",
    "forget_account",
    "review_queue",
    "resolve_review",
    "notices",
    "acknowledge_notice",
];
