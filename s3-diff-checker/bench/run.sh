#!/usr/bin/env bash
# Benchmark of the checker's line diff (Java, java-diff-utils) on generated text pairs of about 100 KB, 1 MB and
# 10 MB with ~1% of lines changed, against, in the same run on the same files:
#   - like for like: the best JavaScript line diff, npm diff's createTwoFilesPatch (unified, 3 lines of context);
#   - separately, the public sample's approach: npm diff's diffWords (a word diff: different output, more work).
# For each: the first call in a fresh process and a second warmed-up call (in-process, reading the files
# included), the whole process's wall time (runtime start included: the closest figure here to what a cold
# Lambda pays, which adds the function's own init), and peak RSS (GNU time). Not part of the test run.
#   s3-diff-checker/bench/run.sh                        # all sizes
#   SIZES="102400 1048576" s3-diff-checker/bench/run.sh # a subset
#   WORDS_MAX_BYTES=0 ...                               # skip diffWords (it takes minutes at 10 MB)
# Needs: JDK 21+ (JAVA_HOME; BENCH_JAVA overrides the java that runs the bench), node 18+, npm, /usr/bin/time.
# The Java heap is capped (-Xmx256m) to show that a 10 MB pair fits in bounded memory.
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MODULE="$(dirname "$BENCH")"
ROOT="$(dirname "$MODULE")"
JAVA="${BENCH_JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}"
JAVAC="${JAVA_HOME:+$JAVA_HOME/bin/}javac"
SIZES="${SIZES:-102400 1048576 10485760}"
WORDS_MAX_BYTES="${WORDS_MAX_BYTES:-10485760}"
DATA="$MODULE/target/bench-data"
CLASSES="$MODULE/target/bench-classes"

echo "building s3-diff-checker (classes + runtime jars, as packaged for Lambda)..."
(cd "$ROOT" && ./mvnw -B -q -pl s3-diff-checker -am package -DskipTests)
CP="$MODULE/target/classes:$MODULE/target/lambda-lib/*"
mkdir -p "$DATA" "$CLASSES"
"$JAVAC" --release 21 -d "$CLASSES" -cp "$CP" "$BENCH/DiffBench.java"
if [ ! -d "$BENCH/node_modules/diff" ]; then
  (cd "$BENCH" && npm ci --no-audit --no-fund --silent)
fi

field() { sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p"; }
# runs a command under GNU time; prints its output, then "rss=<KB>" and "wallMs=<ms>" (whole process)
measure() {
  local start end
  start=$(date +%s%N)
  /usr/bin/time -f 'rss=%M' "$@" 2>&1
  end=$(date +%s%N)
  echo "wallMs=$(( (end - start) / 1000000 ))"
}
rss() { echo $(( $(sed -n 's/^rss=//p') / 1024 )); }
wall() { sed -n 's/^wallMs=//p'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "-"; else printf "%.1f", a / b }'; }

printf '%s\n' "in-process ms: first call in a fresh process / warm call; process ms: whole process incl. runtime start"
printf '%-9s %-8s | %-34s | %-34s | %-24s | %s\n' bytes changed \
  "Java line diff: first/warm, process, RSS" "Node createTwoFilesPatch: same" "Node diffWords: first, process, RSS" \
  "Node line ÷ Java line (warm, process)"
for bytes in $SIZES; do
  old="$DATA/old-$bytes.txt"; new="$DATA/new-$bytes.txt"
  pair=$(node "$BENCH/make-pair.mjs" "$bytes" "$old" "$new")
  j=$(measure "$JAVA" -Xmx256m -cp "$CLASSES:$CP" DiffBench "$old" "$new")
  n=$(measure node "$BENCH/line-diff.mjs" "$old" "$new")
  if [ "$bytes" -le "$WORDS_MAX_BYTES" ]; then
    w=$(measure node "$BENCH/diff-words.mjs" "$old" "$new")
    words="$(printf '%7s ms, %7s ms, %4s MB' "$(echo "$w" | field ms)" "$(echo "$w" | wall)" "$(echo "$w" | rss)")"
  else
    words="skipped (WORDS_MAX_BYTES)"
  fi
  printf '%-9s %-8s | %5s / %-5s ms, %6s ms, %4s MB | %5s / %-5s ms, %6s ms, %4s MB | %-24s | %s, %s\n' \
    "$bytes" "$(echo "$pair" | field changedLines)" \
    "$(echo "$j" | field firstMs)" "$(echo "$j" | field warmMs)" "$(echo "$j" | wall)" "$(echo "$j" | rss)" \
    "$(echo "$n" | field firstMs)" "$(echo "$n" | field warmMs)" "$(echo "$n" | wall)" "$(echo "$n" | rss)" \
    "$words" \
    "$(ratio "$(echo "$n" | field warmMs)" "$(echo "$j" | field warmMs)")x" \
    "$(ratio "$(echo "$n" | wall)" "$(echo "$j" | wall)")x"
done
