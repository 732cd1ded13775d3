#!/usr/bin/env bash
# Builds a Debian package of the desktop app with the JDK's jpackage: a bundled Java runtime, the
# app in the menu with its icon, and the system libraries it needs declared as dependencies.
# Usage: packaging/build-deb.sh          writes target/dist/genet_<version>_amd64.deb
# Needs a JDK 17+ with jpackage, and fakeroot and dpkg-deb (Debian: apt-get install fakeroot).
# Install it with: sudo apt-get install ./target/dist/genet_*.deb; the app is then in the desktop's
# menu (Network), or /opt/genet/bin/Genet.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q package -DskipTests
rm -rf target/dist target/jpackage-input
mkdir -p target/jpackage-input
cp target/genet.jar target/jpackage-input/
jpackage --type deb --dest target/dist --input target/jpackage-input \
  --name Genet --linux-package-name genet --app-version 0.1.0 --vendor "Genet" \
  --description "Genet: grow, watch and study a WebRTC fat-tree overlay" \
  --main-jar genet.jar --main-class org.genet.cli.Main \
  --icon assets/icon.png \
  --linux-shortcut --linux-menu-group "Network" --linux-app-category net \
  --linux-package-deps "libpulse0, libgtk-3-0, libgl1" \
  --java-options "-Xss1m"
ls -la target/dist
