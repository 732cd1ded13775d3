#!/usr/bin/env bash
# The installer test CI runs: builds the .deb, installs it with apt-get as a user would, starts the
# installed app from its menu entry under a private X server (Xvfb), checks that its window shows
# the app and that it printed no warning, runs `genet --help` from the PATH, and uninstalls it.
# Usage (as root, on Debian or Ubuntu): packaging/test-deb.sh [PACKAGE.deb]
# Needs xvfb, xdotool and imagemagick; with no package given, builds one (packaging/build-installers.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. packaging/window.sh

fail() {
  echo "installer test FAILED: $*" >&2
  exit 1
}

deb=${1:-}
if [ -z "$deb" ]; then
  echo "== Building the .deb (gzip: the fast compression)"
  GENET_DEB_COMPRESSION=gzip packaging/build-installers.sh deb >/dev/null
  deb=$(ls target/installer/genet_*_amd64.deb)
fi
echo "== $(basename "$deb"): $(du -h "$deb" | cut -f1)"
dpkg-deb --ctrl-tarfile "$deb" | tar -t | grep -Eq 'preinst|postinst|prerm|postrm' \
  && fail "the package runs maintainer scripts: nothing should need to run on install"

echo "== Installing it with apt-get"
dpkg -s genet >/dev/null 2>&1 && apt-get remove -y -qq genet >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./${deb#./}" 2>&1 >/dev/null | { grep -v '^debconf: delaying' || true; } >&2
[ "$(command -v genet)" = /usr/bin/genet ] || fail "genet is not on the PATH"
# dpkg's list read once: grep -q on dpkg's pipe can end it early, and with pipefail that is a failure
# (under load it was: "no icon" for a package that holds it); a failure says what dpkg does list
files=$(dpkg -L genet)
listed() { grep -qx "$1" <<< "$files" || fail "$2 ($1 not among the $(wc -l <<< "$files") paths dpkg lists)"; }
listed /usr/share/applications/genet.desktop "no menu entry"
listed /usr/share/icons/hicolor/256x256/apps/genet.png "no icon"
grep -qx 'MimeType=x-scheme-handler/genet;' /usr/share/applications/genet.desktop || fail "genet:// links not registered"

home=$(mktemp -d)
shot=$(mktemp --suffix .png)
log=$(mktemp)
app_pid=
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null
  xvfb_stop
  rm -rf "$home" "$shot" "$log"
}
trap cleanup EXIT

echo "== genet --help (from the PATH)"
genet --help > "$log" 2>&1 || fail "genet --help exited with $?: $(cat "$log")"
grep -q '^Usage: genet' "$log" || fail "genet --help printed: $(cat "$log")"
grep -q 'server' "$log" || fail "genet --help lists no server command"

echo "== The genet server service (systemd unit, installed disabled, settings in /etc/default/genet-server)"
unit=/lib/systemd/system/genet-server.service
listed "$unit" "no systemd unit for genet server"
listed /etc/default/genet-server "no settings file /etc/default/genet-server"
conffiles=$(dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles)
grep -qx /etc/default/genet-server <<< "$conffiles" \
  || fail "/etc/default/genet-server is not a conffile (an upgrade would overwrite the settings)"
[ ! -e /etc/systemd/system/multi-user.target.wants/genet-server.service ] || fail "the service was enabled on install"
mode=$(stat -c '%a %U' /etc/default/genet-server)
[ "$mode" = "600 root" ] || fail "/etc/default/genet-server holds the secrets but is $mode, not 600 root"
if command -v systemd-analyze >/dev/null; then
  systemd-analyze verify "$unit" 2>&1 | grep -v 'not booted with systemd\|Failed to connect to bus' | grep . \
    && fail "systemd-analyze verify found problems in $unit"
  echo "   systemd-analyze verify: no problem"
else # no systemd here: the unit's form, checked by hand
  for key in '^\[Unit\]' '^\[Service\]' '^\[Install\]' '^ExecStart=/' '^EnvironmentFile=/etc/default/genet-server$' '^WantedBy=multi-user.target$'; do
    grep -q "$key" "$unit" || fail "$unit has no $key"
  done
  grep -vE '^(#.*|\[[A-Za-z]+\]|[A-Za-z]+=.*|)$' "$unit" | grep . && fail "$unit has lines that are neither sections, settings nor comments"
  echo "   systemd-analyze is not installed: the unit's sections and settings checked by hand"
fi
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
[ -x "${exec_start%% *}" ] || fail "ExecStart's program ${exec_start%% *} is not there"
# a free port on 127.0.0.1 (bash's /dev/tcp: no tool beyond what the package needs)
port=
for candidate in $(shuf -i 20000-29999 -n 50); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[ -n "$port" ] || fail "no free port on 127.0.0.1"
server_log=$(mktemp)
# the unit's own command line, with its settings file, as systemd would run it (a test secret, this
# machine only: 127.0.0.1 and a free port)
(
  set -a
  . /etc/default/genet-server
  SECRET=installer-test PORT=$port GENET_SERVER_OPTIONS="--bind 127.0.0.1"
  set +a
  exec $(eval echo "$exec_start")
) > "$server_log" 2>&1 &
server_pid=$!
answered=
for _ in $(seq 1 100); do
  status=$( (exec 3<>"/dev/tcp/127.0.0.1/$port" && printf 'GET /status.json HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3 \
    && head -1 <&3) 2>/dev/null || true)
  if [[ "$status" == "HTTP/1.1 200"* ]]; then answered=yes; break; fi
  sleep 0.2
done
kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null || true
[ -n "$answered" ] || fail "the unit's command line did not answer HTTP on port $port: $(cat "$server_log")"
grep -q 'STUN on UDP port' "$server_log" || fail "the service's server answers no STUN: $(cat "$server_log")"
echo "   its command line answered HTTP on 127.0.0.1:$port (STUN on the same UDP port)"
rm -f "$server_log"

echo "== Starting the installed app from its menu entry, on a private X server"
xvfb_start
exec_line=$(sed -n 's/^Exec=//p' /usr/share/applications/genet.desktop | sed 's/ *%[uUfF]//')
start=$(now_ms)
# a user's first run: a home of its own (JavaFX unpacks its libraries there, the app keeps its settings)
# no DNS-SD on this machine's interfaces from a test (the discovery test runs in a network namespace)
GENET_LAN_ADDRESS=off GENET_CONFIG_DIR="$home/.config/genet" JAVA_TOOL_OPTIONS="-Duser.home=$home" $exec_line > "$log" 2>&1 &
app_pid=$!
window=$(wait_for_window '^Genet' 60) || fail "no window named Genet within 60 s; the app printed: $(cat "$log")"
echo "   window visible $(( $(now_ms) - start )) ms after launch (first run)"
# X maps the window before JavaFX paints its first frame: under load (stress --cpu 2 beside a build)
# the window stayed white for seconds, so look again until the app is drawn, within 60 s
painted=
for _ in $(seq 1 60); do
  eval "$(xdotool getwindowgeometry --shell "$window")"
  import -window root -crop "${WIDTH}x${HEIGHT}+${X}+${Y}" "$shot"
  colours=$(convert "$shot" -format '%k' info:)
  brightness=$(convert "$shot" -colorspace Gray -format '%[fx:int(100*mean)]' info:)
  # the X server's background is black: a light window with text and controls drawn has many colours
  if [ "$colours" -gt 100 ] && [ "$brightness" -gt 50 ]; then painted=yes; break; fi
  sleep 1
done
echo "   window ${WIDTH}x${HEIGHT} \"$(xdotool getwindowname "$window")\": $colours colours, mean brightness $brightness%, drawn $(( $(now_ms) - start )) ms after launch"
[ -n "$painted" ] || fail "the window does not show the app within 60 s ($colours colours, brightness $brightness%)"

echo "== Quitting with Ctrl+Q"
xdotool windowfocus --sync "$window" key ctrl+q
for _ in $(seq 1 150); do
  kill -0 "$app_pid" 2>/dev/null || break
  sleep 0.1
done
kill -0 "$app_pid" 2>/dev/null && fail "the app did not exit on Ctrl+Q"
wait "$app_pid" || fail "the app exited with $?: $(cat "$log")"
app_pid=
if grep -v '^Picked up JAVA_TOOL_OPTIONS' "$log" | grep -Eiq 'warn|error|exception|unsupported'; then
  fail "the app printed warnings on a normal start and exit: $(cat "$log")"
fi

echo "== Uninstalling (purge: the service's settings file goes too)"
apt-get purge -y -qq genet >/dev/null
[ ! -e /opt/genet ] && [ ! -e /usr/bin/genet ] && [ ! -e /usr/share/applications/genet.desktop ] \
  && [ ! -e /etc/default/genet-server ] && [ ! -e /lib/systemd/system/genet-server.service ] \
  || fail "files left after removal"
echo "installer test passed"
