#!/usr/bin/env bash
# Start-up and idle-memory bench of the release app in training mode.
#
# For each of N runs: start the app with a fresh data directory (first start: seeds the demo data)
# and once more on the same directory (restart), and time launch -> the UI's first screen (the
# "sign-in visible" log line; "queue visible: N orders" if a session were already signed in).
# After the last run, let the app idle and report the resident memory (RSS and PSS) of the
# app process and its WebKit child processes.
#
# Usage: tests/bench/app-startup.sh [RUNS]      (default 5)
# Env:   SKIP_BUILD=1 to reuse an existing release build; IDLE_SECS (default 15); CARGO_TARGET_DIR.
# Needs: Xvfb (started here when there is no DISPLAY), dbus-run-session, npm, cargo.
set -euo pipefail

# WebKit wants a session bus; give it one (before anything else is started).
if [[ -z ${DBUS_SESSION_BUS_ADDRESS:-} ]]; then
  exec dbus-run-session -- "$0" "$@"
fi

RUNS=${1:-5}
IDLE_SECS=${IDLE_SECS:-15}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
APP=$TARGET/release/vaultpick-app
WAIT_SECS=120

if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  echo "building the UI and the release app (custom-protocol: UI embedded)..." >&2
  npm --prefix "$ROOT/ui" run build >/dev/null
  cargo build --release -p vaultpick-app --features tauri/custom-protocol --manifest-path "$ROOT/Cargo.toml" >&2
fi
[[ -x $APP ]] || { echo "no release binary at $APP" >&2; exit 1; }

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
  # Find a free display number rather than assume :99 is unused.
  for n in $(seq 90 140); do [[ -e /tmp/.X11-unix/X$n || -e /tmp/.X$n-lock ]] || break; done
  Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
  XVFB_PID=$!
  export DISPLAY=":$n"
  for _ in $(seq 1 100); do [[ -e /tmp/.X11-unix/X$n ]] && break; sleep 0.1; done
fi

now_ms() { date +%s%3N; }

# Starts the app on data dir $1; sets APP_PID and ELAPSED_MS (launch -> first screen visible).
# Not called in $(...): the app would hold the substitution's pipe open and a subshell would lose APP_PID.
start_and_time() {
  local data=$1 log=$WORK/stderr.$RANDOM t0
  t0=$(now_ms)
  VAULTPICK_DATA_DIR=$data "$APP" --training >/dev/null 2>"$log" &
  APP_PID=$!
  for _ in $(seq 1 $((WAIT_SECS * 20))); do
    if grep -qE "queue visible:|sign-in visible" "$log"; then
      ELAPSED_MS=$(($(now_ms) - t0))
      return 0
    fi
    kill -0 "$APP_PID" 2>/dev/null || { echo "app exited early:" >&2; cat "$log" >&2; return 1; }
    sleep 0.05
  done
  echo "no 'sign-in visible' or 'queue visible' within ${WAIT_SECS}s" >&2
  cat "$log" >&2
  return 1
}

stop_app() {
  kill -TERM "$APP_PID" 2>/dev/null || true
  wait "$APP_PID" 2>/dev/null || true
  APP_PID=""
}

first=() restart=()
for i in $(seq 1 "$RUNS"); do
  data=$WORK/data.$i
  start_and_time "$data"
  first+=("$ELAPSED_MS")
  stop_app
  start_and_time "$data"
  restart+=("$ELAPSED_MS")
  [[ $i -lt $RUNS ]] && stop_app
done

stats() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1; s+=$1} END {printf "median %d ms, min %d ms, max %d ms, mean %d ms", a[int((NR+1)/2)], a[1], a[NR], s/NR}'; }
echo "release start to the first screen (sign-in) over $RUNS runs:"
echo "  first start (seeds training data): $(stats "${first[@]}")  [${first[*]}]"
echo "  restart (data present):            $(stats "${restart[@]}")  [${restart[*]}]"

# Idle memory of the app and its WebKit helpers (children, recursively).
sleep "$IDLE_SECS"
descendants() { local p; for p in $(pgrep -P "$1" || true); do echo "$p"; descendants "$p"; done; }
total_rss=0 total_pss=0
printf "idle memory after %s s:\n" "$IDLE_SECS"
for pid in "$APP_PID" $(descendants "$APP_PID"); do
  [[ -r /proc/$pid/status ]] || continue
  name=$(tr -d '\0' </proc/"$pid"/comm)
  rss=$(awk '/^VmRSS:/ {print $2}' /proc/"$pid"/status)
  pss=$(awk '/^Pss:/ {print $2}' /proc/"$pid"/smaps_rollup 2>/dev/null || echo 0)
  printf "  %-22s pid %-7s RSS %6d KiB  PSS %6d KiB\n" "$name" "$pid" "${rss:-0}" "${pss:-0}"
  total_rss=$((total_rss + ${rss:-0})) total_pss=$((total_pss + ${pss:-0}))
done
printf "  %-22s             RSS %6d KiB  PSS %6d KiB\n" "total" "$total_rss" "$total_pss"
