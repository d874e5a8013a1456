# Sourced by the release launchers: picks the Java runtime.
#   sops4j_find_java NAME   sets SOPS4J_JAVA, SOPS4J_JAVA_MAJOR, SOPS4J_JAVA_ID and SOPS4J_BUNDLED (1 or 0),
#                           or prints why there is no usable Java and exits 1.
# The bundled runtime ($HERE/runtime) wins; otherwise JAVA_HOME, then java on PATH, which must be Java 17+.
sops4j_find_java() {
  local name="$1" java="" home="" major=""
  if [ -x "$HERE/runtime/bin/java" ]; then
    SOPS4J_JAVA="$HERE/runtime/bin/java" SOPS4J_BUNDLED=1 SOPS4J_JAVA_MAJOR=25 SOPS4J_JAVA_ID=bundled
    return 0
  fi
  SOPS4J_BUNDLED=0
  if [ -n "${JAVA_HOME:-}" ]; then
    [ -x "$JAVA_HOME/bin/java" ] || { echo "$name: JAVA_HOME=$JAVA_HOME has no bin/java; point it at a Java 17 or newer" >&2; exit 1; }
    java="$JAVA_HOME/bin/java"
  elif java="$(command -v java 2>/dev/null)"; then
    :
  else
    echo "$name: no Java found: install Java 17 or newer and put it on PATH or set JAVA_HOME (the linux-x64 tarball bundles its own)" >&2
    exit 1
  fi
  java="$(readlink -f "$java")"
  home="$(dirname "$(dirname "$java")")"
  # The runtime's release file names its version without starting a JVM; ask java itself only when it is missing.
  if [ -f "$home/release" ]; then
    major="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")"
  fi
  if [ -z "$major" ]; then
    major="$("$java" -version 2>&1 | sed -n 's/.* version "\([0-9]*\).*/\1/p' | head -n 1)"
  fi
  [ "$major" = 1 ] && major=8
  if [ -z "$major" ] || [ "$major" -lt 17 ]; then
    echo "$name: needs Java 17 or newer, but $java is Java ${major:-of an unknown version}: set JAVA_HOME to a newer one" >&2
    exit 1
  fi
  SOPS4J_JAVA="$java" SOPS4J_JAVA_MAJOR="$major"
  SOPS4J_JAVA_ID="$(printf '%s' "$java" | cksum | cut -d' ' -f1)"
}
