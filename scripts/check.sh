#!/bin/bash
# The test job: build stock and patched, run the host tests (make
# check-fast's), boot patched on T1 T2 T3 T5 T6 (T4 is make stress's, TA
# make check-arch's) for the scenarios tests/guest/manifest plans, and
# stock for those of them that name a stock defect (STOCK_ALL=1: all of
# them), two guests at a time; print per-test results, one line split by
# kind, and end with "N passed, N failed".
#
# make check-stable (CHECK_STABLE=1) builds the stable flavour instead
# (the base with only the fixes patches/stable names) and boots it on T5
# for STABLE_SCENARIOS (default "L1 L2 L6 L12 L15 H1"), on T3
# (nfit_test) for STABLE_T3_SCENARIOS (default "S10") and on T1 for
# STABLE_T1_SCENARIOS (default "S11"): the scenarios of
# the defects those fixes are for must pass on it as on the full series,
# where stock fails them.  It is a kernel build of its own (patch 12
# changes mm.h, so ccache shares little), which make check's time budget
# does not hold.
#
# Environment (all optional, for the edit-test loop):
#   FLAVOURS="stock patched"  TOPOS="T1 T2 T3 T5 T6"  SCENARIOS="S1 S3"  DEBUG=1
#   NVT_BOOT_JOBS=2 (jobs at a time: the host tests, then the boots)
#   STOCK_ALL=1 (stock boots every scenario, F1 all 510 cases)
# With an empty series stock and patched are one kernel; it is tested once.
source "$(dirname "$0")/lib.sh"

t0=$SECONDS
slots=${NVT_BOOT_JOBS:-2}
[[ $slots =~ ^[1-9][0-9]*$ ]] || die "NVT_BOOT_JOBS must be a positive number, not '$slots'"
"$TOP/scripts/prepare-tree.sh"
if [ -n "${CHECK_STABLE:-}" ]; then
	[ -n "$(stable_patches)" ] || die "patches/stable names no patch: no stable flavour to test"
	flavours=()
elif [ -n "${FLAVOURS:-}" ]; then
	read -r -a flavours <<< "$FLAVOURS"
elif series_is_empty; then
	flavours=(stock)
	say "series is empty: stock and patched are the same kernel, tested once"
else
	flavours=(stock patched)
fi
read -r -a topos <<< "${TOPOS:-T1 T2 T3 T5 T6}"
for f in "${flavours[@]}" ${CHECK_STABLE:+stable}; do
	"$TOP/scripts/build.sh" "$f"
done
label() { if [ "$1" = stock ] && series_is_empty; then echo stock=patched; else echo "$1"; fi; }

summary=$(mktemp)
parts=$(mktemp -d)
# The host tests (make check-fast's) and the boots run side by side as
# jobs, at most NVT_BOOT_JOBS at a time (default 2: a TCG guest keeps
# about one core busy; the host tests take a slot for their first
# minute).  Each job writes its own part of the summary, and a job that
# exits non-zero adds a FAIL line to it; the parts are joined in the
# planned order, so the report does not depend on which finished first.
# The longest boots start first.  tests/tools is built once here: the
# boots only find it up to date.  An interrupt stops every job (the
# guests are in this process group).
trap 'trap - INT TERM; kill -TERM 0' INT TERM
mkdir -p "$BUILD_DIR/tools"
make -s -C "$TOP/tests/tools" OUT="$BUILD_DIR/tools" CC=cc >/dev/null ||
	die "building tests/tools failed"

# fuzz_cases FLAVOUR: NVT_FUZZ_CASES for its T5 boot.  Stock's F1 runs the
# first base layout's 85 cases, which hold both of its defects (unknown
# modes exposed raw, case 84's badblocks warning); the others run all 510
# (0) against the expected trace.  make fuzz runs thousands.
fuzz_cases() {
	if [ "$1" = stock ] && [ -z "${STOCK_ALL:-}" ] && ! series_is_empty; then
		echo "${NVT_FUZZ_CASES:-85}"
	else
		echo "${NVT_FUZZ_CASES:-0}"
	fi
}
# stock_defect_scenarios TOPO: the topology's planned scenarios that
# name a stock defect (stock_fails in tests/guest/scenarios/), in order.
stock_defect_scenarios() {
	local s out=()
	for s in $(planned_scenarios "$1"); do
		grep -qE '^[[:space:]]*stock_fails ' "$TOP/tests/guest/scenarios/$s.sh" 2>/dev/null && out+=("$s")
	done
	echo "${out[*]}"
}
# Stock boots the scenarios that name a stock defect: each must fail
# exactly as named (XFAIL).  The others pass on stock as on the series
# (the README keeps a full stock run); STOCK_ALL=1 boots stock on them too.
# A T5 boot that runs F1 in full gets F1 in a boot of its own, beside the
# rest, so the two halves share the cores.
runs=()
for f in "${flavours[@]}"; do
	for t in "${topos[@]}"; do
		scn=${SCENARIOS:-}
		if [ "$f" = stock ] && [ -z "$scn" ] && [ -z "${STOCK_ALL:-}" ] && ! series_is_empty; then
			scn=$(stock_defect_scenarios "$t")
			[ -n "$scn" ] || continue
		fi
		all=$(planned_scenarios "$t" "$scn")
		if [ "$t" = T5 ] && [ "$(fuzz_cases "$f")" = 0 ] && [[ " $all " = *" F1 "* ]] &&
			[ "$all" != F1 ]; then
			runs+=("$f $t $(xargs -n1 <<< "$all" | grep -vx F1 | xargs)" "$f $t F1")
		else
			runs+=("$f $t $scn")
		fi
	done
done
if [ -n "${CHECK_STABLE:-}" ]; then
	stable_scn=${STABLE_SCENARIOS-L1 L2 L6 L12 L15 H1}
	[ -n "$stable_scn" ] && runs+=("stable T5 $stable_scn")
	stable_t3=${STABLE_T3_SCENARIOS-S10}
	[ -n "$stable_t3" ] && runs+=("stable T3 $stable_t3")
	stable_t1=${STABLE_T1_SCENARIOS-S11}
	[ -n "$stable_t1" ] && runs+=("stable T1 $stable_t1")
fi

# cost TOPO SCENARIOS: the place of a boot in the queue, longest first
# (this machine, two at a time, 2026-12-07: T5 without F1 783 s, F1
# alone 781 s, T1 437 s, T6 340-348 s, T3 and T2 about a minute, T1 with
# S11 alone, as stock and stable boot it, about a minute too).
cost() {
	case $1 in
	T5) if [ "$2" = F1 ]; then echo 2; else echo 1; fi ;;
	T1) if [ "$2" = S11 ]; then echo 5; else echo 3; fi ;;
	T6) echo 4 ;; *) echo 5 ;;
	esac
}
queue=()
while read -r _ i; do queue+=("$i"); done < <(
	for i in "${!runs[@]}"; do
		read -r f t scn <<< "${runs[$i]}"
		echo "$(cost "$t" "$scn") $i"
	done | sort -s -n -k1,1)
running=0
declare -A part_of=()
start_job() { # PART CMD...: run CMD PART in the background
	local part=$1; shift
	"$@" "$part" &
	part_of[$!]=$part
	running=$((running + 1))
}
job_done() { # wait for one job; a non-zero exit is a failure in its part
	local pid=0 rc=0
	wait -n -p pid || rc=$?
	running=$((running - 1))
	[ "$rc" = 0 ] && return 0
	local part=${part_of[$pid]}
	case ${part##*/} in
	host) echo "FAIL host: the host tests' job exited with $rc" ;;
	*) echo "FAIL boot: the job of '${runs[${part##*/run}]}' exited with $rc" ;;
	esac >> "$part"
}
boot_job() { # INDEX PART
	local f t scn tag=
	read -r f t scn <<< "${runs[$1]}"
	[ "$scn" = F1 ] && tag=F1
	NVT_RUN_TAG=$tag NVT_FUZZ_CASES=$(fuzz_cases "$f") \
		boot_results "$f" "$t" "$scn" "$(label "$f")" "$2"
}
if [ -n "${CHECK_STABLE:-}" ]; then : > "$parts/host"; else start_job "$parts/host" host_tests; fi
for i in "${queue[@]}"; do
	[ "$running" -lt "$slots" ] || job_done
	start_job "$parts/run$i" boot_job "$i"
done
while [ "$running" -gt 0 ]; do job_done; done
trap - INT TERM
[ -f "$parts/host" ] && cat "$parts/host" >> "$summary" ||
	echo "FAIL host: no results from the host tests" >> "$summary"
for i in "${!runs[@]}"; do
	[ -f "$parts/run$i" ] && cat "$parts/run$i" >> "$summary" ||
		echo "FAIL boot: no results from ${runs[$i]}" >> "$summary"
done
rm -rf "$parts"

report "results ($((SECONDS - t0))s)" "$summary"
