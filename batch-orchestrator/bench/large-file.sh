#!/usr/bin/env bash
# A large file through split, every chunk and merge against a local moto_server, each step in its own JVM with the
# heap a 512 MB Lambda function would have; prints each step's peak RSS and the row accounting. Not part of
# scripts/test.sh (10 million rows take many minutes and ~6 GB of disk under /tmp).
#   batch-orchestrator/bench/large-file.sh [rows...]        (default: 1000000 10000000)
#   CHUNK_THREADS=3 ...   process 3 chunks at once in the chunks step (faster; its RSS then covers 3 chunks)
# Needs: JAVA_HOME at JDK 21+ (BENCH_JAVA overrides the java that runs the steps), the project's .venv
# (moto_server; scripts/setup-tools.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
CP_FILE="$ROOT/batch-orchestrator/target/bench.classpath"
./mvnw -B -q -pl batch-orchestrator -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test
JAVA="${BENCH_JAVA:-${JAVA_HOME:-/usr}/bin/java}"
CP="batch-orchestrator/target/test-classes:batch-orchestrator/target/classes:$(cat "$CP_FILE")"
WORK="$(mktemp -d /tmp/batch-large-XXXXXX)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$ROOT/.venv/bin/moto_server" -H 127.0.0.1 -p "$PORT" >"$WORK/moto.log" 2>&1 &
MOTO=$!
trap 'kill "$MOTO" 2>/dev/null || true; rm -rf "$WORK"' EXIT
export AWS_ENDPOINT_URL="http://127.0.0.1:$PORT" AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
for _ in $(seq 1 50); do curl -s -o /dev/null "$AWS_ENDPOINT_URL" && break; sleep 0.2; done
# -Xmx384m: about what Lambda gives the JVM heap at 512 MB; one core as a small function has
step() { "$JAVA" -Xmx384m -XX:ActiveProcessorCount=1 -cp "$CP" com.example.serverless.batch.handler.LargeFileRun "$@"; }
field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" | head -1; }
printf '%-10s %-8s %-12s %-14s %-14s %-14s %s\n' rows step "wall s" "peak RSS MB" "" "" result
for rows in "${@:-1000000 10000000}"; do
  for r in $rows; do
    step generate "$r" "$WORK/large.csv" >/dev/null
    setup=$(step setup "$WORK/large.csv")
    bucket=$(echo "$setup" | field bucket); table=$(echo "$setup" | field table); version=$(echo "$setup" | field version)
    rm -f "$WORK/large.csv"
    start=$(date +%s); out=$(step split "$bucket" "$version"); t=$(( $(date +%s) - start ))
    chunks=$(echo "$out" | field chunkCount)
    printf '%-10s %-8s %-12s %-14s %s\n' "$r" split "$t" "$(echo "$out" | field peakRssMb)" "$(echo "$out" | grep -E '^[a-zA-Z]+=' | grep -v peak | tr '\n' ' ')"
    start=$(date +%s); out=$(CHUNK_THREADS="${CHUNK_THREADS:-1}" step chunks "$bucket" "$table" "$chunks"); t=$(( $(date +%s) - start ))
    printf '%-10s %-8s %-12s %-14s %s\n' "$r" chunks "$t" "$(echo "$out" | field peakRssMb)" "$(echo "$out" | grep -E '^[a-zA-Z]+=' | grep -v peak | tr '\n' ' ')"
    start=$(date +%s); out=$(step merge "$bucket" "$version" "$table"); t=$(( $(date +%s) - start ))
    printf '%-10s %-8s %-12s %-14s %s\n' "$r" merge "$t" "$(echo "$out" | field peakRssMb)" "$(echo "$out" | grep -E '^[a-zA-Z]+=' | grep -v peak | tr '\n' ' ')"
  done
done
