#!/bin/bash
# make fuzz: the info-block fuzz campaign (scenario F1, tests/guest/fuzz.py)
# on the patched debug kernel (KASAN, UBSAN, lockdep, DEBUG_VM, PROVE_RCU:
# config/debug.config), topology T5.
#   NVT_FUZZ_CASES (default 10000): the 510 deterministic boundary cases,
#     then seeded random combinations (NVT_FUZZ_SEED, default 1);
#   NVT_FUZZ_JOBS (default 2): guests that share the list, each running a
#     contiguous slice of it with the cases' own numbers.
# A failed case, or any report on a guest's console (a KASAN, UBSAN,
# lockdep or RCU report, a warning, an oops), fails that guest's run.
# Ends with one "N passed, N failed" over the guests.
source "$(dirname "$0")/lib.sh"
export DEBUG=1

"$TOP/scripts/prepare-tree.sh"
"$TOP/scripts/build.sh" patched
cases=${NVT_FUZZ_CASES:-10000} jobs=${NVT_FUZZ_JOBS:-2} seed=${NVT_FUZZ_SEED:-1}
[ "$jobs" -ge 1 ] && [ "$cases" -ge "$jobs" ] || die "NVT_FUZZ_JOBS=$jobs, NVT_FUZZ_CASES=$cases"
export NVT_FUZZ_CASES=$cases
per=$(( (cases + jobs - 1) / jobs ))
say "fuzz: $cases cases (seed $seed) in $jobs guests of up to $per"
pids=() names=()
for ((j = 0; j < jobs; j++)); do
	first=$((j * per + 1))
	[ $first -le $cases ] || break
	last=$((first + per - 1))
	[ $last -le $cases ] || last=$cases
	name=fuzz$$-$((j + 1))of$jobs
	names+=("$name")
	# About 1.3 s a case on the KASAN kernel under TCG (2026-11-21, with a
	# make check beside it); three times that is the time limit.  The
	# guest stops at case $last: its list is cut there.
	NVT_FUZZ_CASES=$last NVT_GUEST_ENV="${NVT_GUEST_ENV:-} NVT_FUZZ_FIRST=$first NVT_FUZZ_SEED=$seed" \
		"$TOP/scripts/boot.sh" -f patched -t T5 -s F1 -n "$name" \
		--timeout $((600 + (last - first + 1) * 3)) > "$BUILD_DIR/$name.log" 2>&1 &
	pids+=($!)
	say "fuzz: guest $((j + 1)): cases $first to $last (log $BUILD_DIR/$name.log)"
done
passed=0 failed=0
for j in "${!pids[@]}"; do
	rc=0
	wait "${pids[$j]}" || rc=$?
	name=${names[$j]}
	run=$(run_dir "$name") || run=
	res=${run:+$run/share/results.txt}
	if [ -n "$res" ] && [ -f "$res" ]; then
		sed "s/^/  [patched debug, guest $((j + 1))] /" "$res"
		grep -h '^INFO F1' "$run/console.log" | tail -n 3
	else
		echo "  [patched debug, guest $((j + 1))] FAIL boot: no results ($BUILD_DIR/$name.log)"
	fi
	# boot.sh exits 0 only when F1 passed and the console shows no report.
	if [ $rc = 0 ] && [ -n "$res" ] && grep -q '^PASS F1' "$res"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		say "fuzz: guest $((j + 1)) failed (boot.sh rc=$rc): logs in ${run:-$BUILD_DIR/$name.log}"
	fi
done
echo "$passed passed, $failed failed"
[ $failed = 0 ]
