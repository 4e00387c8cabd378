//! GTK panics at start-up when there is no display. Say so plainly, with the way out, instead.

/// The message for a Linux machine with no display server.
pub const NO_DISPLAY: &str = "\
vaultpick-app: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set), so no window can open.

On a machine without a screen, run VaultPick under a virtual display:
    apt-get install -y xvfb xauth
    xvfb-run -a -s \"-screen 0 1280x800x24\" vaultpick-app --training";

#[cfg(target_os = "linux")]
pub fn check() -> Result<(), &'static str> {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    if set("DISPLAY") || set("WAYLAND_DISPLAY") {
        Ok(())
    } else {
        Err(NO_DISPLAY)
    }
}

/// macOS and Windows always have a window server for a logged-in user.
#[cfg(not(target_os = "linux"))]
pub fn check() -> Result<(), &'static str> {
    Ok(())
}
