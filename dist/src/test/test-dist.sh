#!/usr/bin/env bash
# Tests the release archives as a user gets them (run by dist/pom.xml in integration-test; skipped by -DskipTests):
# extracted in an empty directory, run under `env -i PATH=/usr/bin:/bin HOME=...` from elsewhere and through
# symlinks, on the bundled runtime with its AOT cache; install.sh; the zip on the machine's Java 17; and the shell
# steps of docs/install.md, including its GitHub Actions and GitLab CI jobs (a stand-in curl serves the download
# URL from the freshly built tarball). Ends with 'test-dist: N passed, N failed'.
set -uo pipefail

: "${DIST_VERSION:?}" "${DIST_ROOT:?}" "${DIST_OUT:?}"
V="$DIST_VERSION"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TARBALL="$DIST_OUT/sops4j-$V-linux-x64.tar.gz"
ZIP="$DIST_OUT/sops4j-$V.zip"
SYSTEM_JAVA_HOME="${SOPS4J_TEST_JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
COMMIT="$(git -C "$DIST_ROOT" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"

T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && sed 's/^/     /' <<<"$2"; }
# expect NAME EXPECTED ACTUAL
expect() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1" "expected: $2
actual:   $3"; fi; }

mkdir -p "$T/home" "$T/a" "$T/elsewhere" "$T/links"
E=(env -i PATH=/usr/bin:/bin HOME="$T/home")

# --- the tarball, extracted in an empty directory -------------------------------------------------------------
(cd "$T/a" && tar -xzf "$TARBALL")
expect "tarball holds one directory sops4j-$V" "sops4j-$V" "$(ls "$T/a")"
X="$T/a/sops4j-$V"
for f in bin/sops4j bin/sops4j-gateway install.sh README.md LICENSE licenses/THIRD-PARTY.txt runtime/bin/java \
         lib/sops4j.aot lib/cli/sops4j-cli.jar "lib/gateway/sops4j-gateway-$V.jar" licenses/java-runtime; do
  [ -e "$X/$f" ] || bad "tarball has $f"
done
grep -q '^com.fasterxml.jackson.core:jackson-core:' "$X/licenses/THIRD-PARTY.txt" \
  && grep -q 'Apache' "$X/licenses/THIRD-PARTY.txt" && ok "THIRD-PARTY.txt lists bundled jars with licences" \
  || bad "THIRD-PARTY.txt lists bundled jars with licences" "$(head -20 "$X/licenses/THIRD-PARTY.txt")"
# Every JDK module a bundled jar refers to (jdeps, per jar) is in the bundled runtime.
if [ -n "${DIST_JDK:-}" ] && [ -x "$DIST_JDK/bin/jdeps" ]; then
  have="$("$X/runtime/bin/java" --list-modules | sed 's/@.*//')"
  missing=""
  for jar in "$X"/lib/cli/sops4j-cli.jar "$X"/lib/cli/lib/*.jar "$X"/lib/gateway/*.jar; do
    for m in $("$DIST_JDK/bin/jdeps" --multi-release 25 -s "$jar" 2>/dev/null | awk '$2 == "->" && $3 ~ /^(java|jdk)\./ {print $3}'); do
      grep -qx "$m" <<<"$have" || missing="$missing $m($(basename "$jar"))"
    done
  done
  if [ -z "$missing" ]; then ok "jdeps: every JDK module the bundled jars use is in the bundled runtime"
  else bad "jdeps: JDK modules missing from the bundled runtime" "$missing"; fi
else echo "skip jdeps check: no DIST_JDK with jdeps"; fi
# picocli (recompiled for release 17 by make-dist.sh) is in the AOT cache: its classes load from it.
out="$("${E[@]}" SOPS4J_JAVA_OPTS=-Xlog:class+load=info:stdout "$X/bin/sops4j" --version 2>&1)"
if grep -q 'picocli.CommandLine source: shared objects file' <<<"$out" \
   && ! grep -q 'picocli\.[A-Za-z$]* source: file:' <<<"$(grep -v 'LookBehind' <<<"$out")"; then
  ok "picocli's classes come from the AOT cache"
else bad "picocli's classes come from the AOT cache" "$(grep picocli <<<"$out" | grep -v 'shared objects file' | head -5)"; fi
# ... and it holds no method profiles (make-dist.sh: replaying them made C1 compile the training's hot paths on
# every run): the dictionary the JVM prints is empty, the version line follows its header at once.
out="$("${E[@]}" SOPS4J_JAVA_OPTS="-XX:+UnlockDiagnosticVMOptions -XX:+AOTPrintTrainingInfo" "$X/bin/sops4j" --version 2>&1)"
expect "the AOT cache holds no training data (no compilations replayed at start)" \
  "Archived TrainingData Dictionary|sops4j $V ($COMMIT)" \
  "$(grep -A1 '^Archived TrainingData Dictionary' <<<"$out" | paste -sd'|')"
touch "$T/marker"

cd "$T/elsewhere"
expect "--version under env -i from another directory" "sops4j $V ($COMMIT)" "$("${E[@]}" "$X/bin/sops4j" --version 2>&1)"
ln -s "../a/sops4j-$V/bin/sops4j" "$T/links/s4"
ln -s "$T/links/s4" "$T/links/s4-again"
expect "--version through a relative symlink and a link to it" "sops4j $V ($COMMIT)" \
  "$("${E[@]}" "$T/links/s4-again" --version 2>&1)"
out="$("${E[@]}" SOPS4J_JAVA_OPTS=-XX:AOTMode=on "$X/bin/sops4j" --version 2>&1)"
expect "the build-time AOT cache is valid where the tarball was extracted (-XX:AOTMode=on)" "sops4j $V ($COMMIT)" "$out"
# A jar replaced after the build (a patched library dropped in) must run its own classes: the JVM does not check
# the jars against the AOT cache, so the launcher leaves the cache out when a jar is newer than it.
cp -a "$X" "$T/patched"
touch "$T/patched/lib/cli/lib/sops4j-core-$V.jar"
out="$("${E[@]}" SOPS4J_JAVA_OPTS=-Xlog:class+load=info:stdout "$T/patched/bin/sops4j" --version 2>&1)"
if grep -q 'dev.sops4j.cli.Main source: file:' <<<"$out" && grep -q "^sops4j $V ($COMMIT)\$" <<<"$out"; then
  ok "a jar newer than the AOT cache: the launcher runs without the cache"
else bad "a jar newer than the AOT cache: the launcher runs without the cache" "$(grep -E 'cli.Main|^sops4j' <<<"$out")"; fi
rm -rf "$T/patched"

# age round trip with a key the tarball makes
"${E[@]}" "$X/bin/sops4j" keygen -o "$T/home/key.txt" 2> "$T/recipient.txt"
recipient="$(awk '{print $NF}' "$T/recipient.txt")"
printf 'user: admin\npassword: hunter2\n' > plain.yaml
"${E[@]}" "$X/bin/sops4j" encrypt --age "$recipient" plain.yaml > enc.yaml 2> err.txt
if grep -q 'ENC\[AES256_GCM' enc.yaml && ! grep -q hunter2 enc.yaml; then ok "age encrypt"; else bad "age encrypt" "$(cat err.txt enc.yaml)"; fi
expect "age decrypt gives the plaintext back" "$(cat plain.yaml)" \
  "$("${E[@]}" SOPS_AGE_KEY_FILE="$T/home/key.txt" "$X/bin/sops4j" decrypt enc.yaml 2>&1)"
# The JVM runs the command of exec-env as its child: its parent process is the java that runs sops4j.
expect "the process runs on the bundled runtime" "$X/runtime/bin/java" \
  "$("${E[@]}" SOPS_AGE_KEY_FILE="$T/home/key.txt" "$X/bin/sops4j" exec-env enc.yaml 'readlink /proc/$PPID/exe' 2>&1)"

# Many values, or a large one: the bundled runtime seals and opens them with libcrypto (OpenSSL 3, through the
# foreign function API), which gives JCE's bytes. Encrypted one way and decrypted the other (SOPS4J_OPENSSL=off is
# JCE), with the JVM's library log showing where libcrypto was loaded: for a value of 1 MiB or more the cipher
# waits for it (for many small values it loads in the background, so whether it is in time is not asserted);
# never for a small file; no notice on stderr.
awk 'BEGIN { for (i = 0; i < 1500; i++) printf "key%d: value-%d\n", i, i }' > many.yaml
head -c 1500000 /dev/urandom > large.bin
lib_log() { "${E[@]}" SOPS_AGE_KEY_FILE="$T/home/key.txt" SOPS4J_JAVA_OPTS="-Xlog:library=info:file=$T/lib.log" "$@"; }
loaded() { if grep -q 'Loaded library libcrypto.so.3' "$T/lib.log"; then echo libcrypto; else echo jce; fi; }
r=""
for f in many.yaml large.bin; do
  # (the encrypted copies keep the extension: it names the format)
  lib_log "$X/bin/sops4j" encrypt --age "$recipient" "$f" > "e1-$f" 2> "$T/ossl.err"; r="$r $f:enc:$(loaded)"
  lib_log SOPS4J_OPENSSL=off "$X/bin/sops4j" decrypt "e1-$f" > "o1-$f" 2>> "$T/ossl.err"; r="$r dec-off:$(loaded)"
  cmp -s "$f" "o1-$f" && r="$r same"
  lib_log SOPS4J_OPENSSL=off "$X/bin/sops4j" encrypt --age "$recipient" "$f" > "e2-$f" 2>> "$T/ossl.err"
  r="$r enc-off:$(loaded)"
  lib_log "$X/bin/sops4j" decrypt "e2-$f" > "o2-$f" 2>> "$T/ossl.err"; r="$r dec:$(loaded)"
  cmp -s "$f" "o2-$f" && r="$r same"
done
lib_log "$X/bin/sops4j" decrypt enc.yaml > /dev/null 2>> "$T/ossl.err"; r="$r small:$(loaded)"
r="$(sed -E 's/many.yaml:enc:[a-z]+/many.yaml:enc/; s/(enc-off:jce) dec:[a-z]+/\1 dec/' <<<"$r")"
expect "libcrypto waited for by a large value, never loaded for a small file or when off; same bytes both ways" \
  " many.yaml:enc dec-off:jce same enc-off:jce dec same large.bin:enc:libcrypto dec-off:jce same enc-off:jce dec:libcrypto same small:jce" \
  "$r$(cat "$T/ossl.err")"

# sops' key service (gRPC on the shaded Netty) from the tarball: no JVM notice (Unsafe, native access) on stderr.
"${E[@]}" SOPS_AGE_KEY_FILE="$T/home/key.txt" "$X/bin/sops4j" keyservice --network unix --address "$T/ks.sock" \
  > /dev/null 2> "$T/ks.err" &
ks_pid=$!
for _ in $(seq 1 100); do [ -S "$T/ks.sock" ] && break; sleep 0.1; done
out="$("${E[@]}" "$X/bin/sops4j" decrypt --keyservice "unix://$T/ks.sock" --enable-local-keyservice=false enc.yaml 2> "$T/ksc.err")"
kill "$ks_pid" 2>/dev/null; wait "$ks_pid" 2>/dev/null
if [ "$out" = "$(cat plain.yaml)" ] && [ ! -s "$T/ksc.err" ] && [ "$(cat "$T/ks.err")" = "Listening on unix://$T/ks.sock" ]; then
  ok "keyservice and --keyservice on the bundled runtime: decrypts, nothing but 'Listening on' on stderr"
else bad "keyservice and --keyservice on the bundled runtime" "out: $out
client stderr: $(cat "$T/ksc.err")
server stderr: $(cat "$T/ks.err")"; fi

expect "sops4j-gateway --version" "sops4j-gateway $V ($COMMIT)" "$("${E[@]}" "$X/bin/sops4j-gateway" --version 2>&1)"
out="$("${E[@]}" "$X/bin/sops4j-gateway" --help 2>&1)"; rc=$?
if [ $rc = 0 ] && grep -q 'sops4j-gateway serve --config' <<<"$out"; then
  ok "sops4j-gateway --help prints the usage on the bundled runtime (exit 0)"
else bad "sops4j-gateway --help" "exit $rc: $out"; fi
cat > policy.yaml <<'EOF'
version: 1
issuers:
  github:
    issuer: https://token.actions.githubusercontent.com
    audience: https://gw.example
rules:
  - id: deploy
    effect: allow
    issuer: github
    when:
      repository_id: {equals: "42"}
    grant: {keys: ["app/*"], actions: [unwrap]}
EOF
out="$("${E[@]}" "$X/bin/sops4j-gateway" policy lint policy.yaml 2>&1)"; rc=$?
if [ $rc = 0 ] && grep -q '^policy policy.yaml: ok (1 issuers, 1 rules' <<<"$out"; then ok "sops4j-gateway policy lint (YAML and JSON libraries on its class path)"
else bad "sops4j-gateway policy lint" "exit $rc: $out"; fi
expect "running wrote nothing into the release directory" "" "$(find "$X" -newer "$T/marker" -print)"

# --- install.sh -----------------------------------------------------------------------------------------------
P="$T/prefix"
out="$("${E[@]}" "$X/install.sh" --prefix "$P" 2>&1)"; rc=$?
expect "install.sh --prefix exits 0" 0 "$rc"
grep -q "note: $P/bin is not on your PATH" <<<"$out" && ok "install.sh says PREFIX/bin is not on PATH" \
  || bad "install.sh says PREFIX/bin is not on PATH" "$out"
expect "installed sops4j works (with its AOT cache)" "sops4j $V ($COMMIT)" \
  "$("${E[@]}" SOPS4J_JAVA_OPTS=-XX:AOTMode=on "$P/bin/sops4j" --version 2>&1)"
expect "installed sops4j decrypts" "$(cat plain.yaml)" \
  "$("${E[@]}" SOPS_AGE_KEY_FILE="$T/home/key.txt" "$P/bin/sops4j" decrypt enc.yaml 2>&1)"
expect "installed sops4j-gateway works" "sops4j-gateway $V ($COMMIT)" "$("${E[@]}" "$P/bin/sops4j-gateway" --version 2>&1)"
out="$("${E[@]}" PATH="$P/bin:/usr/bin:/bin" "$X/install.sh" --prefix "$P" 2>&1)"; rc=$?
if [ $rc = 0 ] && ! grep -q 'not on your PATH' <<<"$out" && [ "$(readlink "$P/bin/sops4j")" = "$P/lib/sops4j/$V/bin/sops4j" ]; then
  ok "install.sh again: idempotent, quiet about PATH when it is on it"; else bad "install.sh again" "exit $rc: $out"; fi
mkdir -p "$T/fake-arm"
printf '#!/bin/sh\ncase "$1" in -s) echo Linux ;; -m) echo aarch64 ;; *) echo Linux ;; esac\n' > "$T/fake-arm/uname"
chmod +x "$T/fake-arm/uname"
out="$("${E[@]}" PATH="$T/fake-arm:/usr/bin:/bin" "$X/install.sh" --prefix "$T/arm" 2>&1)"; rc=$?
if [ $rc = 1 ] && grep -q 'is for Linux x86_64' <<<"$out" && [ ! -e "$T/arm/bin" ]; then
  ok "install.sh refuses another platform (uname -m aarch64)"; else bad "install.sh refuses another platform" "exit $rc: $out"; fi
out="$("${E[@]}" "$X/install.sh" --uninstall --prefix "$P" 2>&1)"; rc=$?
if [ $rc = 0 ] && [ ! -e "$P/bin/sops4j" ] && [ ! -e "$P/bin/sops4j-gateway" ] && [ ! -e "$P/lib/sops4j" ]; then
  ok "install.sh --uninstall"; else bad "install.sh --uninstall" "exit $rc: $out; $(find "$P")"; fi

# AWS KMS on the bundled runtime (the AWS SDK's modules are in the jlink image): encrypt and decrypt against the
# kms module's fake KMS (a loopback stand-in for AWS KMS, SigV4-checked), credentials only from the environment.
KMS_TESTS="$(ls "$DIST_ROOT"/kms/target/sops4j-kms-*-tests.jar 2>/dev/null | head -n 1)"
if [ -n "$KMS_TESTS" ]; then
  java -XX:+UseSerialGC -cp "$KMS_TESTS:$DIST_ROOT/cli/target/lib/*" dev.sops4j.kms.fake.FakeAwsMain "$T/aws.env" 0 1 \
    > "$T/fake-kms.log" 2>&1 &
  fake_pid=$!
  trap 'kill "$fake_pid" 2>/dev/null; wait "$fake_pid" 2>/dev/null; rm -rf "$T"' EXIT
  for _ in $(seq 1 300); do [ -s "$T/aws.env" ] && break; kill -0 "$fake_pid" 2>/dev/null || break; sleep 0.1; done
  if [ -s "$T/aws.env" ]; then
    kms() { env -i PATH=/usr/bin:/bin HOME="$T/home" bash -c '. "$0" && exec "$@"' "$T/aws.env" "$X/bin/sops4j" "$@"; }
    kms encrypt plain.yaml > kms.enc.yaml 2> "$T/kms.err"
    if grep -q 'arn:aws:kms' kms.enc.yaml && [ "$(kms decrypt kms.enc.yaml 2>>"$T/kms.err")" = "$(cat plain.yaml)" ]; then
      ok "AWS KMS encrypt and decrypt on the bundled runtime (fake KMS on loopback)"
    else bad "AWS KMS on the bundled runtime" "$(cat "$T/kms.err")"; fi
  else bad "the fake KMS did not start" "$(cat "$T/fake-kms.log")"; fi
  kill "$fake_pid" 2>/dev/null; wait "$fake_pid" 2>/dev/null
else echo "skip AWS KMS on the bundled runtime: no kms tests jar (built without test classes)"; fi

# The release README's quick start, in a copy of the release (it writes app.yaml beside install.sh)
mkdir -p "$T/qs" "$T/home-qs" && cp -pR "$X" "$T/qs/" && printf 'greeting: hello\n' > "$T/qs/sops4j-$V/app.yaml"
python3 "$HERE/doc_blocks.py" "$X/README.md" quick-start "$V" > "$T/quick-start.sh"
out="$(cd "$T/qs/sops4j-$V" && env -i PATH="$T/home-qs/.local/bin:/usr/bin:/bin" HOME="$T/home-qs" bash -e "$T/quick-start.sh" 2>&1)"; rc=$?
if [ $rc = 0 ] && [ "$(tail -n 1 <<<"$out")" = "greeting: hello" ]; then ok "the release README's quick start"
else bad "the release README's quick start" "exit $rc: $out"; fi

# --- the zip on the machine's own Java -------------------------------------------------------------------------
mkdir -p "$T/z" && (cd "$T/z" && unzip -q "$ZIP")
Z="$T/z/sops4j-$V"
[ ! -e "$Z/runtime" ] && ok "the zip has no runtime" || bad "the zip has no runtime"
expect "zip: --version on the Java found on PATH" "sops4j $V ($COMMIT)" \
  "$("${E[@]}" PATH="$SYSTEM_JAVA_HOME/bin:/usr/bin:/bin" "$Z/bin/sops4j" --version 2>&1)"
expect "zip: decrypt on JAVA_HOME's Java" "$(cat plain.yaml)" \
  "$("${E[@]}" JAVA_HOME="$SYSTEM_JAVA_HOME" SOPS_AGE_KEY_FILE="$T/home/key.txt" "$Z/bin/sops4j" decrypt enc.yaml 2>&1)"
J25="${SOPS4J_TEST_JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if [ -x "$J25/bin/java" ]; then
  for run in first second; do # the first run makes the class-data archive in ~/.cache/sops4j, the second uses it
    out="$("${E[@]}" JAVA_HOME="$J25" SOPS_AGE_KEY_FILE="$T/home/key.txt" "$Z/bin/sops4j" decrypt enc.yaml 2>"$T/zip25.err")"
    if [ "$out" = "$(cat plain.yaml)" ] && [ ! -s "$T/zip25.err" ]; then ok "zip: decrypt on Java 25, $run run, nothing on stderr"
    else bad "zip: decrypt on Java 25, $run run" "$out $(head -5 "$T/zip25.err")"; fi
  done
  ls "$T/home/.cache/sops4j/"*.jsa >/dev/null 2>&1 && ok "zip: Java 25 keeps its archive in ~/.cache/sops4j" \
    || bad "zip: Java 25 keeps its archive in ~/.cache/sops4j"
else echo "skip zip on Java 25: no $J25"; fi
mkdir -p "$T/nojava"; ln -s /usr/bin/dirname /usr/bin/readlink /usr/bin/cksum /usr/bin/cut /usr/bin/sed /usr/bin/head \
  /bin/cat "$T/nojava/" 2>/dev/null
out="$(env -i PATH="$T/nojava" HOME="$T/home" /bin/bash "$Z/bin/sops4j" --version 2>&1)"; rc=$?
if [ $rc = 1 ] && grep -q 'no Java found' <<<"$out"; then ok "zip: no Java: one clear line, exit 1"; else bad "zip: no Java" "exit $rc: $out"; fi
mkdir -p "$T/oldjdk/bin"
printf '#!/bin/sh\necho "should not run" >&2; exit 3\n' > "$T/oldjdk/bin/java"; chmod +x "$T/oldjdk/bin/java"
printf 'JAVA_VERSION="11.0.22"\n' > "$T/oldjdk/release"
out="$("${E[@]}" JAVA_HOME="$T/oldjdk" "$Z/bin/sops4j" --version 2>&1)"; rc=$?
if [ $rc = 1 ] && grep -q 'needs Java 17 or newer' <<<"$out" && grep -q 'Java 11' <<<"$out"; then
  ok "zip: Java 11 refused with a clear line"; else bad "zip: Java 11 refused" "exit $rc: $out"; fi

# --- docs/install.md --------------------------------------------------------------------------------------------
DOC="$DIST_ROOT/docs/install.md"
run_doc() { # NAME DIR [env...]: runs the doc block NAME in DIR under env -i
  local name="$1" dir="$2"; shift 2
  python3 "$HERE/doc_blocks.py" "$DOC" "$name" "$V" > "$T/$name.sh" || return 1
  (cd "$dir" && env -i PATH="$T/ci-bin:/usr/bin:/bin" HOME="$T/home-$name" "$@" bash -e "$T/$name.sh")
}
mkdir -p "$T/doc-tarball" "$T/home-tarball" && cp "$TARBALL" "$T/doc-tarball/"
out="$(run_doc tarball "$T/doc-tarball" 2>&1)"; rc=$?
if [ $rc = 0 ] && [ "$(grep -c "^sops4j $V ($COMMIT)\$" <<<"$out")" = 2 ]; then ok "docs/install.md: the tarball block"
else bad "docs/install.md: the tarball block" "exit $rc: $out"; fi
mkdir -p "$T/doc-zip" "$T/home-zip" && cp "$ZIP" "$T/doc-zip/"
out="$(run_doc zip "$T/doc-zip" JAVA_HOME="$SYSTEM_JAVA_HOME" 2>&1)"; rc=$?
if [ $rc = 0 ] && [ "$out" = "sops4j $V ($COMMIT)" ]; then ok "docs/install.md: the zip block"; else bad "docs/install.md: the zip block" "exit $rc: $out"; fi

# The CI jobs: a stand-in curl for the GitHub release download (only that URL, from the freshly built tarball).
mkdir -p "$T/ci-bin"
cat > "$T/ci-bin/curl" <<EOF
#!/bin/bash
# Stands in for curl fetching the sops4j release from GitHub: serves exactly that URL from the built tarball.
url="" out=""
while [ \$# -gt 0 ]; do case "\$1" in -o) out="\$2"; shift 2 ;; -*) shift ;; *) url="\$1"; shift ;; esac; done
[ "\$url" = "https://github.com/sops4j/sops4j/releases/download/v$V/sops4j-$V-linux-x64.tar.gz" ] \
  || { echo "curl stand-in: unexpected URL \$url" >&2; exit 22; }
if [ -n "\$out" ]; then cat "$TARBALL" > "\$out"; else cat "$TARBALL"; fi
EOF
chmod +x "$T/ci-bin/curl"
age_key="$(grep '^AGE-SECRET-KEY-' "$T/home/key.txt")"
for job in github-job gitlab-job; do
  W="$T/ws-$job"; mkdir -p "$W/deploy" "$T/home-$job" "$T/runner-$job"
  cp enc.yaml "$W/deploy/app.enc.yaml"
  printf '#!/bin/sh\ncp "$1" "%s/deployed.yaml"\n' "$T/runner-$job" > "$W/deploy.sh"; chmod +x "$W/deploy.sh"
  out="$(run_doc "$job" "$W" SOPS_AGE_KEY="$age_key" RUNNER_TEMP="$T/runner-$job" GITHUB_PATH="$T/runner-$job/path" 2>&1)"; rc=$?
  if [ $rc = 0 ] && cmp -s plain.yaml "$T/runner-$job/deployed.yaml"; then ok "docs/install.md: the $job shell steps install and decrypt"
  else bad "docs/install.md: the $job shell steps" "exit $rc: $out"; fi
done

# The other docs' CI examples install sops4j with the very lines tested above.
python3 "$HERE/doc_blocks.py" "$DOC" --install-lines | sort -u > "$T/install-lines"
for d in aws-kms.md gateway.md nexus.md; do
  python3 "$HERE/doc_blocks.py" "$DIST_ROOT/docs/$d" --install-lines | sort -u > "$T/lines-$d"
  missing="$(comm -23 "$T/lines-$d" "$T/install-lines")"
  if [ -s "$T/lines-$d" ] && [ -z "$missing" ]; then ok "docs/$d installs sops4j as docs/install.md does"
  else bad "docs/$d installs sops4j as docs/install.md does" "${missing:-no install lines}"; fi
done

echo "test-dist: $passed passed, $failed failed" | tee "$DIST_OUT/test-dist.txt"
[ "$failed" = 0 ]
