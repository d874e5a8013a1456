#!/usr/bin/env bash
# Builds the release archives from the reactor's CLI and gateway (run by dist/pom.xml in the package phase):
#   target/sops4j-<version>-linux-x64.tar.gz  bundled jlink'd runtime + AOT cache made here by a training run
#   target/sops4j-<version>.zip               the same jars and launchers, for a Java 17+ already on the machine
# Inputs come from the environment (DIST_*), see dist/pom.xml. Never runs Maven.
set -euo pipefail

: "${DIST_VERSION:?}" "${DIST_TIMESTAMP:?}" "${DIST_JDK:?}" "${DIST_MODULES:?}" "${DIST_ROOT:?}" "${DIST_SRC:?}"
: "${DIST_OUT:?}" "${DIST_CLI:?}" "${DIST_DEPENDENCIES:?}" "${DIST_PICOCLI_SOURCES:?}"

name="sops4j-$DIST_VERSION"
epoch="$(date -u -d "$DIST_TIMESTAMP" +%s)"
stage="$DIST_OUT/stage"
portable="$stage/portable/$name"
bundled="$stage/linux-x64/$name"

fail() { echo "make-dist: $*" >&2; exit 1; }
[ -f "$DIST_CLI/sops4j-cli.jar" ] && [ -d "$DIST_CLI/lib" ] || fail "no CLI build in $DIST_CLI (build the reactor, not dist alone)"
[ -x "$DIST_JDK/bin/jlink" ] || fail "no JDK with jlink at $DIST_JDK (set -Dsops4j.dist.jdk=/path/to/jdk-25)"
jdk_major="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$DIST_JDK/release")"
[ "${jdk_major:-0}" -ge 25 ] || fail "$DIST_JDK is Java ${jdk_major:-?}: the bundled runtime's AOT cache needs JDK 25 or newer"

rm -rf "$stage"
mkdir -p "$portable/bin" "$portable/lib/cli" "$portable/lib/gateway" "$portable/licenses"

# --- the part both archives share: launchers, jars, licences, docs ---------------------------------------------
install -m 755 "$DIST_SRC/bin/sops4j" "$DIST_SRC/bin/sops4j-gateway" "$portable/bin/"
install -m 755 "$DIST_SRC/install.sh" "$portable/install.sh"
install -m 644 "$DIST_SRC/lib/java.sh" "$portable/lib/java.sh"
install -m 644 "$DIST_SRC/README.md" "$portable/README.md"
install -m 644 "$DIST_ROOT/LICENSE" "$portable/LICENSE"
# The CLI's runtime class path exactly as the reactor resolved it (whatever modules the CLI depends on):
# the thin jar's manifest Class-Path names lib/*.jar beside it.
cp "$DIST_CLI/sops4j-cli.jar" "$portable/lib/cli/"
cp -R "$DIST_CLI/lib" "$portable/lib/cli/lib"
# The gateway runs on the CLI's jars plus what only it needs (its own jar, the JWT and JSON-binding libraries):
# every resolved runtime jar of this module that lib/cli/lib does not already hold.
sed -n 's/^ *[^ ]*:\(\/[^ ]*\.jar\).*$/\1/p' "$DIST_DEPENDENCIES" | while read -r jar; do
  base="$(basename "$jar")"
  [ -e "$portable/lib/cli/lib/$base" ] || [ "$base" = sops4j-cli.jar ] || cp "$jar" "$portable/lib/gateway/$base"
done
ls "$portable"/lib/gateway/sops4j-gateway-*.jar >/dev/null 2>&1 || fail "no gateway jar in $DIST_DEPENDENCIES"
printf '%s\n' "$DIST_VERSION" > "$portable/lib/version"

# Licences: the THIRD-PARTY list from the POMs, plus every LICENSE/NOTICE file the bundled jars carry.
python3 "$DIST_SRC/build/third_party.py" "$DIST_DEPENDENCIES" > "$portable/licenses/THIRD-PARTY.txt"
for jar in "$portable"/lib/cli/lib/*.jar "$portable"/lib/gateway/*.jar; do
  base="$(basename "$jar" .jar)"
  entries="$(unzip -Z1 "$jar" 2>/dev/null | grep -iE '^META-INF/[^/]*(LICENSE|NOTICE)[^/]*$' || true)"
  [ -n "$entries" ] || continue
  mkdir -p "$portable/licenses/$base"
  # shellcheck disable=SC2086
  unzip -qojX "$jar" $entries -d "$portable/licenses/$base" 2>/dev/null || true
done

# --- the tarball: the shared part + a jlink'd runtime + an AOT cache -------------------------------------------
mkdir -p "$(dirname "$bundled")"
cp -R "$portable" "$bundled"
printf 'linux-x64\n' > "$bundled/lib/platform"
# picocli's published jar holds Java 5 class files, which the AOT cache neither archives nor links, so the
# tarball's picocli is compiled here from picocli's own sources jar (same version, same file name: the CLI jar's
# manifest Class-Path names it) with release 17. The zip keeps the published jar.
picocli_jar="$(cd "$bundled/lib/cli/lib" && ls picocli-*.jar)"
[ -f "$DIST_PICOCLI_SOURCES" ] || fail "no picocli sources jar at $DIST_PICOCLI_SOURCES"
picocli_work="$stage/picocli"
rm -rf "$picocli_work" && mkdir -p "$picocli_work/src" "$picocli_work/classes"
unzip -q "$DIST_PICOCLI_SOURCES" 'picocli/*.java' -d "$picocli_work/src"
"$DIST_JDK/bin/javac" --release 17 -nowarn -Xlint:none -encoding UTF-8 -d "$picocli_work/classes" \
  $(cd "$picocli_work/src" && find picocli -name '*.java' | LC_ALL=C sort | sed "s|^|$picocli_work/src/|")
picocli_version="${picocli_jar#picocli-}"
printf 'Implementation-Title: picocli\nImplementation-Version: %s\nCreated-By: sops4j make-dist.sh (javac --release 17 from picocli-%s-sources.jar)\n' \
  "${picocli_version%.jar}" "${picocli_version%.jar}" > "$picocli_work/MANIFEST.MF"
find "$picocli_work/classes" -exec touch -h -d "@$epoch" {} +
rm "$bundled/lib/cli/lib/$picocli_jar"
"$DIST_JDK/bin/jar" --create --file "$bundled/lib/cli/lib/$picocli_jar" --date="$DIST_TIMESTAMP" \
  --manifest "$picocli_work/MANIFEST.MF" -C "$picocli_work/classes" .
rm -rf "$picocli_work"
printf 'java\n' > "$portable/lib/platform"
"$DIST_JDK/bin/jlink" --add-modules "$DIST_MODULES" --strip-debug --no-man-pages --no-header-files \
  --compress=zip-0 --output "$bundled/runtime"
cp -R "$bundled/runtime/legal" "$bundled/licenses/java-runtime"

# Every file gets the build's fixed time before the training run: the AOT cache records the jars' and the
# runtime's sizes and times, and tar and install.sh keep them, so the cache stays valid where it is unpacked.
find "$stage" -exec touch -h -d "@$epoch" {} +

# The AOT cache (JEP 483/514): one training run of the hidden __train command through the real launcher, in an
# empty environment, from the directory that becomes the tarball. Classes loaded and linked, no method profiles
# (JEP 515, -AOTRecordTraining): the launcher's JIT is C1 only, which uses no profiles, and a cache holding them
# makes every run replay the training's compilations on a "Training replay" thread. That compiled the big-file
# paths for a two-value file too: 30 ms of a 190 ms small decrypt, ~25 ms of a 200-file batch (docs/performance.md).
train_home="$(mktemp -d)"
trap 'rm -rf "$train_home"' EXIT
env -i PATH=/usr/bin:/bin HOME="$train_home" \
  SOPS4J_JAVA_OPTS="-XX:AOTCacheOutput=$bundled/lib/sops4j.aot -XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining" \
  "$bundled/bin/sops4j" __train > "$train_home/train.log" 2>&1 || { cat "$train_home/train.log" >&2; fail "training run failed"; }
[ -s "$bundled/lib/sops4j.aot" ] || { cat "$train_home/train.log" >&2; fail "no AOT cache written"; }
chmod 644 "$bundled/lib/sops4j.aot"
touch -d "@$epoch" "$bundled/lib/sops4j.aot" "$bundled/lib"

# --- archives: sorted entries, fixed times and owners ------------------------------------------------------------
tarball="$DIST_OUT/$name-linux-x64.tar.gz"
tar --sort=name --mtime="@$epoch" --owner=0 --group=0 --numeric-owner -C "$(dirname "$bundled")" -cf - "$name" \
  | gzip -n -6 > "$tarball"
zipfile="$DIST_OUT/$name.zip"
rm -f "$zipfile"
(cd "$(dirname "$portable")" && find "$name" -print0 | LC_ALL=C sort -z | xargs -0 zip -q -X -y "$zipfile")
echo "make-dist: $tarball ($(du -h "$tarball" | cut -f1)), $zipfile ($(du -h "$zipfile" | cut -f1))"
