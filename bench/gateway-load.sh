#!/usr/bin/env bash
# Bounded loopback load on the gateway's POST /v1/unwrap: real HTTPS server, fake SPIKE Nexus, loopback OIDC
# issuer, valid RS256 tokens. Prints requests/s and p50/p90/p99/max latency.
#   bench/gateway-load.sh [seconds=15] [concurrency=8] [warmup-seconds=5] [redis]
# With 'redis': a real redis-server on loopback (Debian package redis-server) and two gateway replicas sharing
# their replay/rate-limit state in it; the workers are split between the replicas.
set -euo pipefail
ROOT="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CP_FILE="gateway/target/bench-classpath.txt"
mvn -q -DskipTests -pl gateway -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >&2
CP="gateway/target/test-classes:gateway/target/classes:$(cat "$CP_FILE")"
# TCP_NODELAY, as the launcher sets it (see sops4j-gateway).
exec java -Dsun.net.httpserver.nodelay=true ${SOPS4J_GATEWAY_JAVA_OPTS:-} -cp "$CP" dev.sops4j.gateway.bench.GatewayLoad "${1:-15}" "${2:-8}" "${3:-5}" ${4:+"$4"}
