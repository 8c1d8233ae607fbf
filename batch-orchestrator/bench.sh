#!/usr/bin/env bash
# Benchmark of the batch stages (split, process, merge) against a plain-scan baseline, in memory.
# Usage: batch-orchestrator/bench.sh [rows...]   (default: 100000 1000000). Not part of scripts/test.sh.
# Needs JAVA_HOME at JDK 21+. Prints a table; see README.md "Benchmark" for the numbers measured here.
set -euo pipefail
cd "$(dirname "$0")/.."
CP_FILE="$PWD/batch-orchestrator/target/bench.classpath"
./mvnw -B -q -pl batch-orchestrator -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test
"${JAVA_HOME:-/usr}/bin/java" -Xmx3g -XX:+UseParallelGC \
  -cp "batch-orchestrator/target/test-classes:batch-orchestrator/target/classes:$(cat "$CP_FILE")" \
  com.example.serverless.batch.bench.BatchBenchmark "$@"
