# Sourced by the benchmark scripts that run the original implementation beside ours.
# start_original_server SECRET: the original's bootstrap server (src/test/interop/original-server.js)
# on 127.0.0.1, logging to $log/server.log ($log: the caller's temporary folder); sets $port and
# $server_pid, and at exit stops the server and removes $log. Run from the repository's top.
start_original_server() {
  (cd src/test/interop && GENET_DETACHED=1 exec node original-server.js "$1" < /dev/null > "$log/server.log" 2>&1) &
  server_pid=$!
  trap 'kill $server_pid 2>/dev/null; rm -rf "$log"' EXIT
  for _ in $(seq 100); do port=$(grep -o '"port":[0-9]*' "$log/server.log" 2>/dev/null | cut -d: -f2) && [ -n "$port" ] && break; sleep 0.1; done
}

# timed COMMAND...: runs one benchmark process; prints its JSON line and, last, "cpu SECONDS"
# (its user + system time, start-up included). Its error output is kept in $log/stderr, for
# why_failed.
timed() { /usr/bin/time -f "cpu %U %S" -o "$log/time" "$@" 2>"$log/stderr" | grep '^{' | head -1; awk '/^cpu/ {print "cpu", $2 + $3}' "$log/time"; }

# why_failed: the last lines of the last timed run's error output, on one line, for a run that
# printed no result.
why_failed() { tail -n 5 "$log/stderr" 2>/dev/null | tr '\n' ' ' | cut -c1-600; }
