#!/usr/bin/env bash
# A large file through split, every chunk and merge against a local moto_server, each step in its own JVM with the
# heap a 512 MB Lambda function would have; prints each step's wall time and peak RSS, and checks that every
# generated row is in the output or rejected (exit status 1 if not). Not part of scripts/test.sh (1, 3 and 10
# million rows take about half an hour here and ~8 GB of disk under /tmp; LargeFileMemoryIT is the small version).
#   batch-orchestrator/bench/large-file.sh [rows...]        (default: 1000000 3000000 10000000)
#   CHUNK_THREADS=3 ...   process 3 chunks at once in the chunks step (faster; its RSS then covers 3 chunks)
#   FILE_CHUNK_SIZE, MAX_CHUNKS, OUTPUT_PART_SIZE_MB  passed on to the steps as the template would
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
# a value from the step's own result lines (name=value ...), never from a log line that happens to hold the name
field() { grep -E '^[a-zA-Z]+=' | sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" | head -1; }
printf '%-10s %-8s %-8s %-12s %s\n' rows step "wall s" "peak RSS MB" result
row() { printf '%-10s %-8s %-8s %-12s %s\n' "$1" "$2" "$3" "$(echo "$4" | field peakRssMb)" \
  "$(echo "$4" | grep -E '^[a-zA-Z]+=' | grep -v peakRss | tr '\n' ' ')"; }
timed() { local start; start=$(date +%s); out=$(step "$@"); t=$(( $(date +%s) - start )); }
failed=0
for r in ${@:-1000000 3000000 10000000}; do
  timed generate "$r" "$WORK/large.csv"; row "$r" generate "$t" "$out"
  invalid=$(echo "$out" | field generatedInvalid)
  timed setup "$WORK/large.csv"; row "$r" setup "$t" "$out"
  bucket=$(echo "$out" | field bucket); table=$(echo "$out" | field table); version=$(echo "$out" | field version)
  rm -f "$WORK/large.csv"
  timed split "$bucket" "$version"; row "$r" split "$t" "$out"
  chunks=$(echo "$out" | field chunkCount)
  timed chunks "$bucket" "$table" "$chunks"; row "$r" chunks "$t" "$out"
  timed merge "$bucket" "$version" "$table"; row "$r" merge "$t" "$out"
  # exact conservation against what the generator wrote, not only the run's own accounting
  in=$(echo "$out" | field inputRows); ok=$(echo "$out" | field outputRows); bad=$(echo "$out" | field errorRows)
  if [[ "$in" == "$r" && "$bad" == "$invalid" && $(( ok + bad )) == "$r" ]]; then
    echo "$r rows: generated $r ($invalid invalid) = output $ok + rejected $bad: conserved"
  else
    echo "$r rows: generated $r ($invalid invalid), run read $in, output $ok, rejected $bad: NOT conserved"
    failed=1
  fi
  # free moto's memory and temp files before the next size
  curl -s -X POST "$AWS_ENDPOINT_URL/moto-api/reset" >/dev/null
done
exit "$failed"
