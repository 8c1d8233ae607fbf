#!/usr/bin/env bash
# Prints one line of test coverage per Maven module from the JaCoCo report that `./mvnw verify` writes
# (target/site/jacoco/jacoco.csv: unit and integration tests merged). Information only: no threshold fails the run.
# A module's figure counts only its own tests; code in common/ exercised by another module's tests is not credited.
set -euo pipefail
cd "$(dirname "$0")/.."

shopt -s nullglob
reports=(*/target/site/jacoco/jacoco.csv)
if [ ${#reports[@]} -eq 0 ]; then
  echo "no JaCoCo report found: run ./mvnw verify first" >&2
  exit 1
fi
# CSV columns: GROUP,PACKAGE,CLASS,INSTRUCTION_MISSED,INSTRUCTION_COVERED,BRANCH_MISSED,BRANCH_COVERED,
#              LINE_MISSED,LINE_COVERED,COMPLEXITY_MISSED,COMPLEXITY_COVERED,METHOD_MISSED,METHOD_COVERED
# GROUP is the module's <name>, which may hold a quoted comma, so the counters are read from the end of the line.
awk -F, '
  function pct(covered, missed) { return covered + missed == 0 ? "  n/a" : sprintf("%5.1f%%", 100 * covered / (covered + missed)) }
  FNR == 1 { module = FILENAME; sub(/\/target\/.*/, "", module); order[++modules] = module; next }
  { lm[module] += $(NF-5); lc[module] += $(NF-4); bm[module] += $(NF-7); bc[module] += $(NF-6) }
  END {
    for (i = 1; i <= modules; i++) {
      m = order[i]
      printf "%-22s lines %s (%d/%d)  branches %s\n", m, pct(lc[m], lm[m]), lc[m], lc[m] + lm[m], pct(bc[m], bm[m])
      tlc += lc[m]; tlm += lm[m]; tbc += bc[m]; tbm += bm[m]
    }
    printf "%-22s lines %s (%d/%d)  branches %s\n", "all modules", pct(tlc, tlm), tlc, tlc + tlm, pct(tbc, tbm)
  }' "${reports[@]}"
