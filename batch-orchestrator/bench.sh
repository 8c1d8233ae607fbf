#!/usr/bin/env bash
# Benchmark of the batch stages (split, process, merge, all three) against two baselines measured in the same
# run: the floor (copy + count line ends) and a FastCSV-only chunk pipeline. In memory, on one core
# (-XX:ActiveProcessorCount=1: one compiler thread, serial GC), rates from process CPU time, best of 3.
# Usage: batch-orchestrator/bench.sh [rows...]   (default: 250000). Not part of scripts/test.sh.
# Needs JAVA_HOME at JDK 21+ (BENCH_JAVA overrides the java that runs it). See README.md "Benchmark".
set -euo pipefail
cd "$(dirname "$0")/.."
CP_FILE="$PWD/batch-orchestrator/target/bench.classpath"
./mvnw -B -q -pl batch-orchestrator -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test
"${BENCH_JAVA:-${JAVA_HOME:-/usr}/bin/java}" -Xmx3g -XX:ActiveProcessorCount=1 \
  -cp "batch-orchestrator/target/test-classes:batch-orchestrator/target/classes:$(cat "$CP_FILE")" \
  com.example.serverless.batch.bench.BatchBenchmark "$@"
