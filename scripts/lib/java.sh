#!/usr/bin/env bash
# The JDK check every script runs before Maven starts (the Maven enforcer checks again inside the build).
# Maven needs a JDK 21 or newer, with javac: the code compiles with --release 21 for the java21 Lambda runtime.
#
# Sourced:  . scripts/lib/java.sh; require_jdk     prints one line saying what to do and exits 1 when the JDK is wrong
#           jdk_ok                                 the same test, silent, as a status (used by .ci/run)
# Run:      scripts/lib/java.sh require            (the Makefile's sam build targets)
#           scripts/lib/java.sh major <java>       prints the major version of a java executable

# The java and javac Maven will use: $JAVA_HOME/bin, else the ones on PATH (what ./mvnw does).
jdk_java() { if [ -n "${JAVA_HOME:-}" ]; then echo "$JAVA_HOME/bin/java"; else command -v java || true; fi; }
jdk_javac() { if [ -n "${JAVA_HOME:-}" ]; then echo "$JAVA_HOME/bin/javac"; else command -v javac || true; fi; }

# Major version of a java executable: "21.0.8" -> 21, "1.8.0_402" -> 8; empty when it does not run.
java_major() {
  local line version
  line=$("$1" -version 2>&1 | grep -m1 -E 'version "') || return 0
  version=${line#*\"}
  version=${version%%\"*}
  case $version in
    1.*) version=${version#1.} ;;
  esac
  echo "${version%%[.+-]*}"
}

jdk_ok() {
  local java javac major
  java=$(jdk_java)
  javac=$(jdk_javac)
  [ -n "$java" ] && [ -x "$java" ] && [ -n "$javac" ] && [ -x "$javac" ] || return 1
  major=$(java_major "$java")
  [ -n "$major" ] && [ "$major" -ge 21 ]
}

# A JDK 21+ this machine already has, to suggest in the message (macOS java_home, /usr/lib/jvm, SDKMAN!).
_jdk_candidate() {
  local dir
  if [ -x /usr/libexec/java_home ] && dir=$(/usr/libexec/java_home -v 21+ 2>/dev/null); then
    echo "$dir"
    return
  fi
  for dir in /usr/lib/jvm/* "$HOME"/.sdkman/candidates/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    if [ -x "$dir/bin/javac" ] && [ "$(java_major "$dir/bin/java")" -ge 21 ] 2>/dev/null; then
      echo "$dir"
      return
    fi
  done
}

require_jdk() {
  jdk_ok && return 0
  local java found what candidate
  java=$(jdk_java)
  if [ -z "$java" ] || [ ! -x "$java" ]; then
    found=${JAVA_HOME:+"no java in JAVA_HOME=$JAVA_HOME"}
    found=${found:-"no java on PATH and JAVA_HOME unset"}
  elif [ ! -x "$(jdk_javac)" ]; then
    found="a Java $(java_major "$java") runtime without javac at ${JAVA_HOME:-$java}"
  else
    found="Java $(java_major "$java") at ${JAVA_HOME:-$java}"
  fi
  candidate=$(_jdk_candidate)
  if [ -n "$candidate" ]; then
    what="export JAVA_HOME=$candidate (a JDK 21+ found on this machine)"
  else
    what="export JAVA_HOME=/path/to/jdk-21 (find one: /usr/libexec/java_home -v 21 on macOS, ls /usr/lib/jvm on Linux, or install one: sdk install java 21-tem)"
  fi
  echo "error: this build needs a JDK 21 or newer with javac; found $found. Fix: $what" >&2
  exit 1
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  case "${1:-}" in
    require) require_jdk ;;
    major) java_major "$2" ;;
    *) echo "usage: $0 require | major <java>" >&2; exit 2 ;;
  esac
fi
