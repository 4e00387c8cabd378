/// Every command the UI may call, as granted in `capabilities/main.json`. Shared with build.rs.
pub const APP_COMMANDS: &[&str] = &["queue_snapshot", "status_snapshot", "ui_log",
    "devices_overview", "devices_list_ports", "devices_save_settings", "scale_read", "scale_zero", "scale_tare", "submit_wedge", "sim_place_weight", "sim_plug_scale", "sim_scan", "sim_packages"];
