#!/usr/bin/env bash
# Scan-to-screen latency of the real app in training mode (issue 4's benchmark). Prints figures,
# asserts nothing.
#
# Method: start the app (fresh data dir, --training: virtual scanner on a socat pty), wait until its
# scanner is connected and the queue is visible, then N times: take the wall clock (bash
# $EPOCHREALTIME, µs, no fork) and write one scan line ("BENCH-<i>\r\n") to the scanner's device end
# of the pty (`training/devices/.scanner.device`), exactly as a USB-CDC scanner would. Two points
# are read back from the app's log:
#   engine: the intake's "scan accepted" line (tracing timestamp, µs) — pty → parsed scan in the app core;
#   screen: the UI's `scan shown: "BENCH-<i>" at_ms=…` line, logged with Date.now() in the frame after
#           the header's last-scan display was updated — pty → UI updated (ms resolution).
# All clocks are the same machine's wall clock. Scans are 150 ms apart (one scan at a time, as
# at a station); each text is distinct so the duplicate window drops none.
#
# Usage: tests/bench/scan-to-ui.sh [N]          (default 200)
# Env:   APP (default $CARGO_TARGET_DIR/debug/vaultpick-app, built with --features tauri/custom-protocol),
#        SKIP_BUILD=1 to use APP as is.
# Needs: socat, Xvfb (started here when there is no DISPLAY), dbus-run-session.
set -euo pipefail

if [[ -z ${DBUS_SESSION_BUS_ADDRESS:-} ]]; then
  exec dbus-run-session -- "$0" "$@"
fi

N=${1:-200}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
APP=${APP:-$TARGET/debug/vaultpick-app}
WAIT_SECS=120

if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  echo "building the UI and the app (custom-protocol: UI embedded)..." >&2
  npm --prefix "$ROOT/ui" run build >/dev/null
  cargo build -p vaultpick-app --features tauri/custom-protocol --manifest-path "$ROOT/Cargo.toml" >&2
fi
[[ -x $APP ]] || { echo "no app binary at $APP" >&2; exit 1; }

WORK=$(mktemp -d)
XVFB_PID=""
APP_PID=""
cleanup() {
  [[ -n $APP_PID ]] && kill -TERM "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true
  [[ -n $XVFB_PID ]] && kill -TERM "$XVFB_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

if [[ -z ${DISPLAY:-} && -z ${WAYLAND_DISPLAY:-} ]]; then
  for n in $(seq 90 140); do [[ -e /tmp/.X11-unix/X$n || -e /tmp/.X$n-lock ]] || break; done
  Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
  XVFB_PID=$!
  export DISPLAY=":$n"
  for _ in $(seq 1 100); do [[ -e /tmp/.X11-unix/X$n ]] && break; sleep 0.1; done
fi
export NO_AT_BRIDGE=1

DATA=$WORK/data
VAULTPICK_DATA_DIR=$DATA "$APP" --training 2>"$WORK/stderr.log" &
APP_PID=$!
LOGS=$DATA/training/logs
PTY=$DATA/training/devices/.scanner.device

ready() { grep -qs 'queue visible' "$LOGS"/*.log && grep -qs 'status=Connected("scanner on' "$LOGS"/*.log; }
for _ in $(seq 1 $((WAIT_SECS * 10))); do ready && break; sleep 0.1; done
ready || { echo "the app did not come up with a connected scanner; stderr:" >&2; tail -20 "$WORK/stderr.log" >&2; exit 1; }
sleep 1

declare -a SENT
for i in $(seq 1 "$N"); do
  t=$EPOCHREALTIME
  printf 'BENCH-%d\r\n' "$i" >"$PTY"
  SENT[$i]=${t/./}
  sleep 0.15
done
# Let the last scans reach the log.
for _ in $(seq 1 100); do grep -qs "scan shown: \"BENCH-$N\"" "$LOGS"/*.log && break; sleep 0.1; done

cat "$LOGS"/*.log >"$WORK/all.log"
: >"$WORK/engine.txt"
: >"$WORK/screen.txt"
missing=0
for i in $(seq 1 "$N"); do
  sent_us=${SENT[$i]}
  engine_line=$(grep -m1 "scan accepted text=BENCH-$i source" "$WORK/all.log" || true)
  screen_ms=$(grep -m1 -o "scan shown: \"BENCH-$i\" at_ms=[0-9]*" "$WORK/all.log" | sed 's/.*at_ms=//' || true)
  if [[ -z $engine_line || -z $screen_ms ]]; then missing=$((missing + 1)); continue; fi
  stamp=${engine_line%%Z *}
  engine_us=$(date -d "${stamp}Z" +%s%6N)
  echo $((engine_us - sent_us)) >>"$WORK/engine.txt"
  echo $((screen_ms * 1000 - sent_us)) >>"$WORK/screen.txt"
done

pct() { # file percentile -> value in ms with one decimal
  sort -n "$1" | awk -v p="$2" '{a[NR]=$1} END {i=int((NR-1)*p/100)+1; printf "%.1f", a[i]/1000}'
}
echo "scan-to-UI latency, $N scans, app: $APP"
echo "  received: $((N - missing))/$N"
echo "  pty -> parsed scan in the app core (engine log):  p50 $(pct "$WORK/engine.txt" 50) ms  p99 $(pct "$WORK/engine.txt" 99) ms  max $(pct "$WORK/engine.txt" 100) ms"
echo "  pty -> UI updated (painted, Date.now):            p50 $(pct "$WORK/screen.txt" 50) ms  p99 $(pct "$WORK/screen.txt" 99) ms  max $(pct "$WORK/screen.txt" 100) ms"
