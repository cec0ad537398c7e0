#!/usr/bin/env bash
# The SARIF output against Microsoft's SARIF Multitool (`validate` with the
# SARIF and GitHub-ingestion rule sets): the corpus, a run with an unreadable
# input, a run with no findings and one with suppressed and baselined results
# must each validate with no error, warning or note. The multitool is installed by `make sarif-tool` (node and npm);
# without it this suite says so and skips. SARIF_MULTITOOL names another copy.
suite=sarif
source "$(dirname "$0")/lib.sh"
mt=${SARIF_MULTITOOL:-$root/build/tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool}
if [ ! -x "$mt" ]; then
    skip_suite "the SARIF Multitool is not installed (make sarif-tool)"
fi

# validate NAME EXPECTED_EXIT -- normlint-check-arguments...
validate() {
    local name=$1 want_rc=$2
    shift 3
    (cd "$root" && "$bin" check --format sarif "$@") > "$name.sarif" 2> /dev/null
    local rc=$?
    if [ "$rc" != "$want_rc" ]; then
        echo "sarif: $name: normlint exit $rc, expected $want_rc"; fail=$((fail + 1)); return
    fi
    rm -f "$name.out.sarif"
    if ! "$mt" validate --rule-kind "Sarif;Gh" --output "$name.out.sarif" "$name.sarif" > "$name.log" 2>&1; then
        echo "sarif: $name: the multitool failed"; cat "$name.log"; fail=$((fail + 1)); return
    fi
    # every result of the validation log is an error, warning or note about our file
    local problems
    problems=$(python3 -c '
import json, sys
log = json.load(open(sys.argv[1]))
for run in log["runs"]:
    for r in run.get("results", []):
        print(r.get("level", "warning"), r.get("ruleId"), r.get("message", {}).get("id", ""))
' "$name.out.sarif")
    if [ -n "$problems" ]; then
        echo "sarif: $name: the multitool reports:"; echo "$problems"; fail=$((fail + 1)); return
    fi
    pass=$((pass + 1))
}

validate corpus 1 -- corpus
printf 'x\0y' > "$tmp/binary.txt"
printf '某某办法\n第一条　为了规范管理，制定本办法。\n' > "$tmp/clean.txt"
validate unreadable 3 -- "$tmp/binary.txt" corpus/02-jiangzhou-ebike-charging-measures.txt
validate clean 0 -- --no-config "$tmp/clean.txt"
# suppressed (inSource) and baselined (external) results
{ echo '# normlint-disable power.penalty.create 依照上位法'; cat "$root/corpus/02-jiangzhou-ebike-charging-measures.txt"; } > "$tmp/suppressed.txt"
(cd "$root" && "$bin" check --no-config -f text:/dev/null --write-baseline "$tmp/base.json" corpus/05-jiangzhou-concrete-supply-notice.txt 2> /dev/null)
validate suppressed 1 -- --no-config --baseline "$tmp/base.json" "$tmp/suppressed.txt" corpus/05-jiangzhou-concrete-supply-notice.txt
# inputs not checked (not a document to review; ignored by the config) are notes
printf 'numpy==1.26\nrequests>=2.0\n' > "$tmp/requirements.txt"
mkdir -p "$tmp/proj/old"; cp "$tmp/clean.txt" "$tmp/proj/old/a.txt"; printf 'ignore: [old/*]\n' > "$tmp/proj/.normlint.yaml"
validate skipped 0 -- "$tmp/proj/old/a.txt" "$tmp/requirements.txt"
grep -q '"kind": "inSource"' suppressed.sarif && grep -q '"kind": "external"' suppressed.sarif &&
    pass=$((pass + 1)) || { echo "sarif: suppressed: no inSource or external suppression"; fail=$((fail + 1)); }
finish
