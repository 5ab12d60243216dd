#!/bin/bash
# make check-oracle: the verdict code's own tests (tests/host/oracle).
# Each case feeds scripts/boot.sh's verdict (tests/host/boot_check.py), the
# guest's verdict helpers (tests/guest/lib.sh) or the guest runner a
# deliberate mutation: a splat in a known-defect window without the
# defect's symptom, an oops faulting elsewhere, a stock run whose set-up
# fails, a scenario that hangs...; each must come out as the verdict the
# case names.  No kernel, no guest: seconds.
#
# ORACLE_KERNEL=1 adds the kernel mutations (tests/host/mutations/): the
# series with each applied is built as flavour rev-oracle-NAME and boots
# the scenario that must catch it, whose FAIL with the named check is the
# oracle's PASS:
#   refuse-infoblock  nd_pfn_validate() refuses every valid info-block,
#                     with a message: F1 must fail its base layouts
#                     (before issue 24 a refusal with a message passed)
# Ends with "N passed, N failed".
source "$(dirname "$0")/lib.sh"

t0=$SECONDS
summary=$(mktemp)
"$TOP/tests/host/oracle" >> "$summary" 2>&1 || true

# kernel_mutation NAME TOPO SCENARIO CHECK: build the series with
# tests/host/mutations/NAME.patch, boot TOPO with SCENARIO; the scenario
# must FAIL, and its failed checks (on the console) must include CHECK.
kernel_mutation() {
	local name=$1 topo=$2 scn=$3 want=$4 f=rev-oracle-$1 wt run
	wt=$(flavour_src "$f")
	if [ ! -e "$wt/.git" ]; then
		mkdir -p "$(dirname "$wt")"
		git -C "$KTREE" worktree add -q --detach "$wt" series
	fi
	git -C "$wt" checkout -q --detach -f series && git -C "$wt" clean -q -fdx &&
		git -C "$wt" apply "$TOP/tests/host/mutations/$name.patch" ||
		{ echo "FAIL oracle: kernel mutation $name: does not apply to the series" >> "$summary"; return; }
	"$TOP/scripts/build.sh" "$f" ||
		{ echo "FAIL oracle: kernel mutation $name: build failed" >> "$summary"; return; }
	"$TOP/scripts/boot.sh" -f "$f" -t "$topo" -s "$scn" -n "oracle-$name" || true
	run=$(run_dir "oracle-$name")
	if grep -q "^FAIL $scn:" "$run/share/results.txt" 2>/dev/null &&
	   tr -d '\r' < "$run/console.log" | grep -qF "$scn: FAILED CHECK: $want"; then
		echo "PASS oracle: kernel mutation $name: $scn fails ($want)" >> "$summary"
	else
		echo "FAIL oracle: kernel mutation $name: $scn did not fail with '$want' (run: $run)" >> "$summary"
	fi
}
if [ -n "${ORACLE_KERNEL:-}" ]; then
	"$TOP/scripts/prepare-tree.sh"
	kernel_mutation refuse-infoblock T5 F1 "valid base layouts not enabled with DAX"
fi
report "check-oracle ($((SECONDS - t0))s)" "$summary"
