#!/bin/bash
# The test job: build stock and patched, run the host tests (make
# check-fast's), boot T1 T2 T3 T5 T6 on each (T4 is make stress's, TA
# make check-arch's), run the scenarios tests/guest/manifest plans, print
# per-test results, one line split by kind, and end with "N passed, N
# failed".
# Then the stable flavour (the base with only the fixes patches/stable
# names) boots T5 for STABLE_SCENARIOS (default "L1 L2 L6 L12 L15 H1") and T3
# (nfit_test) for STABLE_T3_SCENARIOS (default "S10").
#
# Environment (all optional, for the edit-test loop):
#   FLAVOURS="stock patched"  TOPOS="T1 T2 T3 T5 T6"  SCENARIOS="S1 S3"  DEBUG=1
#   STABLE_SCENARIOS="" skips the stable flavour; so does setting FLAVOURS.
# With an empty series stock and patched are one kernel; it is tested once.
source "$(dirname "$0")/lib.sh"

t0=$SECONDS
"$TOP/scripts/prepare-tree.sh"
if [ -n "${FLAVOURS:-}" ]; then
	read -r -a flavours <<< "$FLAVOURS"
elif series_is_empty; then
	flavours=(stock)
	say "series is empty: stock and patched are the same kernel, tested once"
else
	flavours=(stock patched)
fi
read -r -a topos <<< "${TOPOS:-T1 T2 T3 T5 T6}"
# The stable flavour (base + patches/stable alone) boots T5 for the
# scenarios of the defects those fixes are for: they must pass on it
# as on the full series, where stock fails them.
stable_scn=${STABLE_SCENARIOS-L1 L2 L6 L12 L15 H1}
[ -n "$(stable_patches)" ] && [ -n "$stable_scn" ] && [ -z "${FLAVOURS:-}" ] ||
	stable_scn=
for f in "${flavours[@]}" ${stable_scn:+stable}; do
	"$TOP/scripts/build.sh" "$f"
done
label() { if [ "$1" = stock ] && series_is_empty; then echo stock=patched; else echo "$1"; fi; }

summary=$(mktemp)
# The tests without a guest first (make check-fast): the host tools are
# what the guest tests measure with, the oracle is what judges them.
host_tests "$summary"

runs=()
for f in "${flavours[@]}"; do
	for t in "${topos[@]}"; do
		runs+=("$f $t ${SCENARIOS:-}")
	done
done
[ -n "$stable_scn" ] && runs+=("stable T5 $stable_scn")
stable_t3=${STABLE_T3_SCENARIOS-S10}
[ -n "$stable_scn" ] && [ -n "$stable_t3" ] && runs+=("stable T3 $stable_t3")
for r in "${runs[@]}"; do
	read -r f t scn <<< "$r"
	boot_results "$f" "$t" "$scn" "$(label "$f")" "$summary"
done

report "results ($((SECONDS - t0))s)" "$summary"
