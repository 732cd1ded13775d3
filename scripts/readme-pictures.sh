#!/usr/bin/env bash
# Makes the pictures the README and docs/ show (assets/*.png) from the current build, without a display:
# the app's views with `genet screenshot` (real nodes over WebRTC, JavaFX's headless platform) and the
# phone page in chromium (PhonePageTest, headless, a 390x844 screen). Each run uses a config folder
# of its own; nothing is announced on the LAN. Look at every picture before committing it.
# Usage: scripts/readme-pictures.sh   (needs what `mvn test` needs: Java 17, Maven, chromium)
set -euo pipefail
cd "$(dirname "$0")/.."
export GENET_LAN_ADDRESS=off
mvn -q -B -DskipTests -Dgenet.cds.skip=true package
shot() {
  java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar target/genet.jar screenshot "$@" 2>&1 \
    | grep -v -e '^VM attach current thread failed' -e '^Failed to attach thread' || true
}
shot --out assets/first-screen.png --view first --width 1100 --height 720
shot --out assets/screenshot.png --nodes 8 --max-degree 5 --width 1100 --height 720
shot --out assets/tree.png --view tree --nodes 150 --max-degree 3 --width 1600 --height 1000
shot --out assets/demo.png --view presentation --nodes 300 --max-degree 4 --width 1920 --height 1080
shot --out assets/inspector.png --view inspector --nodes 40 --max-degree 2 --width 1600 --height 1000
mvn -q -B test -Dtest=PhonePageTest -Dsurefire.failIfNoSpecifiedTests=false
cp target/sizes/phone-joined-390x844.png assets/phone.png
cp target/sizes/phone-joined-dark-390x844.png assets/phone-dark.png
ls -l assets/*.png
