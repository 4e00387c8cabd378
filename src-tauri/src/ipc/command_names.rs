/// Every command the UI may call, as granted in `capabilities/main.json`. Shared with build.rs.
pub const APP_COMMANDS: &[&str] = &["queue_snapshot", "status_snapshot", "ui_log"];
