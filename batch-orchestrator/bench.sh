#!/usr/bin/env bash
# Benchmark of the batch stages (split, process, merge, all three) against two baselines measured in the same
# run: the floor (copy + count line ends) and a FastCSV-only chunk pipeline. In memory, on one core
# (-XX:ActiveProcessorCount=1: one compiler thread, serial GC), rates from process CPU time, best of 3.
# The heap is fixed at 3 GB with a 2 GB young generation: the bench keeps every chunk, output and answer of the
# whole file alive for all its stages (a function holds one chunk), and with the default sizing the collector
# copied that data every half second, a cost of the bench's own bookkeeping that landed at random in the stages.
# Usage: batch-orchestrator/bench.sh [rows...]   (default: 250000). Not part of scripts/test.sh.
# Needs JAVA_HOME at JDK 21+ (BENCH_JAVA overrides the java that runs it). See README.md "Benchmark".
set -euo pipefail
cd "$(dirname "$0")/.."
CP_FILE="$PWD/batch-orchestrator/target/bench.classpath"
./mvnw -B -q -pl batch-orchestrator -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test
"${BENCH_JAVA:-${JAVA_HOME:-/usr}/bin/java}" -Xms3g -Xmx3g -Xmn2g -XX:ActiveProcessorCount=1 \
  -cp "batch-orchestrator/target/test-classes:batch-orchestrator/target/classes:$(cat "$CP_FILE")" \
  com.example.serverless.batch.bench.BatchBenchmark "$@"
