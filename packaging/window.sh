# Helpers for the installer test and the window timings (sourced, not run): a private X server
# (Xvfb) and polling for the app's window from outside the app, as a user's desktop would see it.
# Needs xvfb, xdotool and imagemagick.

# Starts Xvfb on a free display and exports DISPLAY; xvfb_stop ends it.
xvfb_start() {
  local fd_file
  fd_file=$(mktemp)
  Xvfb -displayfd 1 -screen 0 1280x800x24 -nolisten tcp >"$fd_file" 2>/dev/null &
  XVFB_PID=$!
  for _ in $(seq 1 100); do
    [ -s "$fd_file" ] && break
    sleep 0.1
  done
  [ -s "$fd_file" ] || { echo "Xvfb did not start" >&2; return 1; }
  export DISPLAY=":$(head -1 "$fd_file")"
  rm -f "$fd_file"
}

xvfb_stop() {
  [ -n "${XVFB_PID:-}" ] && kill "$XVFB_PID" 2>/dev/null && wait "$XVFB_PID" 2>/dev/null
  XVFB_PID=
}

# wait_for_window NAME_REGEX TIMEOUT_S: polls every 20 ms until a visible window whose name matches
# appears; prints its id and returns 0, or returns 1 after the timeout.
wait_for_window() {
  local deadline=$((SECONDS + $2)) id
  while [ $SECONDS -lt $deadline ]; do
    id=$(xdotool search --onlyvisible --name "$1" 2>/dev/null | head -1)
    if [ -n "$id" ]; then
      echo "$id"
      return 0
    fi
    sleep 0.02
  done
  return 1
}

# now_ms: wall-clock milliseconds.
now_ms() {
  date +%s%3N
}
