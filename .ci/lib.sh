# Shared by .ci/train and .ci/test: installs what a fresh Debian/Ubuntu machine lacks, idempotently.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

# What building the app needs (Tauri 2 on webkit2gtk-4.1).
BUILD_PACKAGES=(libwebkit2gtk-4.1-dev build-essential file libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev pkg-config libudev-dev curl ca-certificates git)
# What the tests need besides: a display, the WebDriver, a browser, serial ptys, PDF and barcode
# tools, and a Secret Service for the keyring.
TEST_PACKAGES=(xvfb xauth webkit2gtk-driver chromium socat poppler-utils zbar-tools
  gnome-keyring dbus dbus-x11 libsecret-tools procps)

say() { printf '\n== %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  say "installing system packages: ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

ensure_rust() {
  if [ -f "$HOME/.cargo/env" ]; then . "$HOME/.cargo/env"; fi
  if ! command -v cargo >/dev/null 2>&1; then
    say "installing the Rust toolchain (rustup)"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal -c rustfmt,clippy
    . "$HOME/.cargo/env"
  fi
  rustup component list --installed 2>/dev/null | grep -q rustfmt || rustup component add rustfmt clippy >/dev/null 2>&1 || true
}

# Vite 8 needs Node.js >= 20.19.
ensure_node() {
  local ok=0
  if command -v node >/dev/null 2>&1; then
    node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' && ok=1
  fi
  if [ "$ok" -eq 0 ]; then
    say "installing Node.js 22 (NodeSource)"
    curl -fsSL https://deb.nodesource.com/setup_22.x | as_root bash -
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq nodejs
  fi
}

build_ui() {
  say "building the UI"
  (cd "$ROOT/ui" && npm ci --no-audit --no-fund --loglevel=error && npm run build)
}
