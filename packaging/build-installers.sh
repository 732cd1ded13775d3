#!/usr/bin/env bash
# Builds the desktop app's installers with the JDK's jpackage, the same way on every system:
#   packaging/build-installers.sh            on Linux: target/installer/Genet (the app-image) and
#                                            target/installer/genet_<version>_amd64.deb;
#                                            on Windows: the .msi; on macOS: the .dmg
#   packaging/build-installers.sh app-image  the app-image alone
# The app-image holds a Java runtime made for the app by jlink, in which JavaFX is a named module
# (its jars go on the module path: no "Unsupported JavaFX configuration"), the app's own jars on the
# class path, and two launchers: Genet (the desktop app) and genet (the command line; genet-cli on
# Windows, a console program, and macOS, whose file names do not tell Genet from genet). The .deb is made from it with dpkg-deb, so that dpkg owns every file it puts
# down: /opt/genet, the menu entry (which also opens genet:// links), the icon, /usr/bin/genet. It
# runs no maintainer script: Debian's own triggers refresh the menu and icon caches where a desktop
# has them, and a minimal system without one installs it all the same.
# Needs: a JDK 17+ (jpackage, jlink, jdeps) and Maven; for the .deb dpkg-deb; for the .msi WiX 3.
# GENET_DEB_COMPRESSION=gzip compresses the .deb about 15 times faster (4 s of CPU, not 60), a quarter larger (default xz).
set -euo pipefail
cd "$(dirname "$0")/.."

case "$(uname -s)" in
  Linux*) os=linux; default=deb ;;
  Darwin*) os=mac; default=dmg ;;
  MINGW*|MSYS*|CYGWIN*) os=windows; default=msi ;;
  *) echo "unknown system $(uname -s)" >&2; exit 1 ;;
esac
type=${1:-$default}
version=$(sed -n 's:^  <version>\([0-9.]*\).*</version>:\1:p' pom.xml | head -1)
out=target/installer

echo "Building the app and collecting its jars ..."
# the build's own run of the app (mvn package's class-data sharing run) keeps its settings in the build folder
export GENET_CONFIG_DIR="$PWD/target/build-config"
mvn -q -B -Dstyle.color=never -DskipTests package dependency:copy-dependencies -DincludeScope=runtime \
  -DoutputDirectory="$out/deps"
rm -rf "$out/input" "$out/javafx" "$out/Genet" "$out/Genet.app"
mkdir -p "$out/input" "$out/javafx"
# the app's own classes alone (target/genet.jar has every dependency shaded in; the shade plugin's
# original-genet.jar is not always the plain jar when package runs again without clean)
jar --create --file "$out/input/genet.jar" -C target/classes .
for jar in "$out"/deps/*.jar; do
  name=$(basename "$jar")
  case "$name" in
    javafx-*-*-*.jar) cp "$jar" "$out/javafx/" ;;   # the platform's JavaFX module, e.g. javafx-base-21.0.11-linux.jar
    javafx-*) ;;                                    # its empty placeholder without a classifier
    webrtc-java-*-linux-*.jar) [ "$os" = linux ] && cp "$jar" "$out/input/" ;;
    *) cp "$jar" "$out/input/" ;;
  esac
done
rm -rf "$out/deps"

# The runtime's modules: what the jars use (jdeps), JavaFX's (jdeps may leave them out when a jar on
# the class path is itself a JavaFX module, as AtlantaFX is), and the elliptic curves for wss:// servers.
modules=$(jdeps -q --ignore-missing-deps --multi-release 17 --print-module-deps \
  --module-path "$out/javafx" --class-path "$out/input/*" "$out"/input/*.jar)
modules="$modules,javafx.controls,javafx.swing,jdk.crypto.ec"
echo "Runtime modules: $modules"

case "$os" in
  linux) icon=assets/icon.png ;;
  windows) icon=assets/icon.ico ;;
  mac) icon=assets/icon.icns ;;
esac
# Windows and macOS tell no Genet from genet in file names: there the command line is genet-cli.
cli=genet
[ "$os" = linux ] || cli=genet-cli
launcher_props="$out/genet-cli.properties"
cat > "$launcher_props" <<EOF
win-console=true
EOF

echo "Making the app-image ..."
app_version=(--app-version "$version")
[ "$os" = mac ] && app_version=() # macOS wants a first number above zero: the bundle keeps jpackage's 1.0
jpackage --type app-image --dest "$out" --name Genet "${app_version[@]}" \
  --vendor Genet --description "Grow, join and watch a WebRTC fat-tree overlay" \
  --input "$out/input" --main-jar genet.jar --main-class org.genet.cli.Main \
  --module-path "$out/javafx" --add-modules "$modules" \
  --add-launcher "$cli=$launcher_props" \
  --icon "$icon" \
  --java-options "-Xss1m"

release=$(find "$out" -path '*runtime*' -name release | head -1)
grep -q 'javafx.controls' "$release" || { echo "the runtime has no JavaFX: $(cat "$release")" >&2; exit 1; }

case "$type" in
  app-image)
    ;;
  deb)
    echo "Making the Debian package ..."
    root="$out/deb"
    rm -rf "$root"
    mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
      "$root/usr/share/icons/hicolor/256x256/apps" "$root/lib/systemd/system" "$root/etc/default"
    cp -a "$out/Genet" "$root/opt/genet"
    ln -s /opt/genet/bin/genet "$root/usr/bin/genet"
    cp packaging/linux/genet.desktop "$root/usr/share/applications/genet.desktop"
    cp assets/icon.png "$root/usr/share/icons/hicolor/256x256/apps/genet.png"
    # genet server as a systemd service, installed disabled (no maintainer script enables it); its
    # settings in one file, a conffile: an upgrade keeps the administrator's changes
    cp packaging/linux/genet-server.service "$root/lib/systemd/system/genet-server.service"
    cp packaging/linux/genet-server.default "$root/etc/default/genet-server"
    echo /etc/default/genet-server > "$root/DEBIAN/conffiles"
    chmod -R u+rwX,go+rX,go-w "$root"
    # the settings hold the tree's secret and the TURN secret: root's alone (systemd reads it as root)
    chmod 600 "$root/etc/default/genet-server"
    (cd "$root" && find opt usr lib -type f -exec md5sum {} + > DEBIAN/md5sums)
    size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
    sed -e "s/@VERSION@/$version/" -e "s/@INSTALLED_SIZE@/$size/" packaging/linux/control > "$root/DEBIAN/control"
    rm -f "$out"/genet_*.deb
    dpkg-deb -Z"${GENET_DEB_COMPRESSION:-xz}" --root-owner-group -b "$root" "$out/genet_${version}_amd64.deb" >/dev/null
    rm -rf "$root"
    ;;
  msi)
    jpackage --type msi --dest "$out" --app-image "$out/Genet" --name Genet --app-version "$version" \
      --vendor Genet --description "Grow, join and watch a WebRTC fat-tree overlay" \
      --win-menu --win-menu-group Genet --win-shortcut --win-dir-chooser \
      --win-upgrade-uuid 6f1f6c3e-9a53-4a55-8d0e-3d5b8f0c2a71
    ;;
  dmg)
    jpackage --type dmg --dest "$out" --app-image "$out/Genet.app" --name Genet \
      --vendor Genet --description "Grow, join and watch a WebRTC fat-tree overlay"
    ;;
  *)
    echo "usage: $0 [app-image|deb|msi|dmg]" >&2
    exit 2
    ;;
esac
ls -l "$out"
