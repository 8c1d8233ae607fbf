#!/usr/bin/env bash
# Benchmark: the checker's line diff (Java, java-diff-utils) against the public sample's approach (npm diff's
# diffWords in Node) on the same generated text pairs of about 100 KB, 1 MB and 10 MB with ~1% of lines changed.
# Reports diff time and peak RSS of each process (GNU time), and the ratio. Not part of the test run.
#   s3-diff-checker/bench/run.sh            # all sizes
#   SIZES="102400 1048576" bench/run.sh     # a subset
# Needs: JDK 21+ (JAVA_HOME), node 18+, npm, /usr/bin/time. The Java heap is capped (-Xmx256m) to show that a
# 10 MB pair fits in bounded memory.
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MODULE="$(dirname "$BENCH")"
ROOT="$(dirname "$MODULE")"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAVAC="${JAVA_HOME:+$JAVA_HOME/bin/}javac"
SIZES="${SIZES:-102400 1048576 10485760}"
DATA="$MODULE/target/bench-data"
CLASSES="$MODULE/target/bench-classes"

echo "building s3-diff-checker (classes + runtime jars, as packaged for Lambda)..."
(cd "$ROOT" && ./mvnw -B -q -pl s3-diff-checker -am package -DskipTests)
CP="$MODULE/target/classes:$MODULE/target/lambda-lib/*"
mkdir -p "$DATA" "$CLASSES"
"$JAVAC" -q -d "$CLASSES" -cp "$CP" "$BENCH/DiffBench.java" 2>/dev/null || "$JAVAC" -d "$CLASSES" -cp "$CP" "$BENCH/DiffBench.java"
if [ ! -d "$BENCH/node_modules/diff" ]; then
  (cd "$BENCH" && npm ci --no-audit --no-fund --silent)
fi

field() { sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p"; }
printf '%-9s %-7s %-6s | %-27s | %-27s | %s\n' bytes lines changed "java cold/warm ms, peak RSS" "node diffWords ms, peak RSS" "node ms / java ms (cold, warm)"
for bytes in $SIZES; do
  old="$DATA/old-$bytes.txt"; new="$DATA/new-$bytes.txt"
  pair=$(node "$BENCH/make-pair.mjs" "$bytes" "$old" "$new")
  java_out=$(/usr/bin/time -f 'rss=%M' "$JAVA" -Xmx256m -cp "$CLASSES:$CP" DiffBench "$old" "$new" 2>&1)
  node_out=$(/usr/bin/time -f 'rss=%M' node "$BENCH/diff-words.mjs" "$old" "$new" 2>&1)
  java_cold=$(echo "$java_out" | field coldMs); java_warm=$(echo "$java_out" | field warmMs)
  java_rss=$(( $(echo "$java_out" | sed -n 's/^rss=//p') / 1024 ))
  node_ms=$(echo "$node_out" | field ms); node_rss=$(( $(echo "$node_out" | sed -n 's/^rss=//p') / 1024 ))
  ratio=$(awk -v n="$node_ms" -v c="$java_cold" -v w="$java_warm" \
    'BEGIN { printf "%.2f, %.1f", n / (c > 0 ? c : 1), n / (w > 0 ? w : 1) }')
  printf '%-9s %-7s %-6s | %6s / %-6s %7s MB     | %9s %10s MB     | %s\n' "$bytes" \
    "$(echo "$pair" | field lines)" "$(echo "$pair" | field changedLines)" \
    "$java_cold" "$java_warm" "$java_rss" "$node_ms" "$node_rss" "$ratio"
done
