#!/bin/bash
# make fuzz: the info-block fuzz campaign (scenario F1, tests/guest/fuzz.py)
# on the patched debug kernel (KASAN, lockdep, DEBUG_VM, PROVE_RCU), topology
# T5.  NVT_FUZZ_CASES (default 2000): the 510 deterministic boundary cases,
# then seeded random combinations (NVT_FUZZ_SEED, default 1).  Any failed
# case, or any report on the console, fails the run.
source "$(dirname "$0")/lib.sh"
export DEBUG=1

"$TOP/scripts/prepare-tree.sh"
"$TOP/scripts/build.sh" patched
cases=${NVT_FUZZ_CASES:-2000}
export NVT_FUZZ_CASES=$cases
rc=0
# About 1.3 s a case on the KASAN kernel under TCG (2026-11-21, with a
# make check beside it); three times that is the time limit.
"$TOP/scripts/boot.sh" -f patched -t T5 -s F1 -n fuzz-patched \
	--timeout $((600 + cases * 3)) || rc=1
run=$(ls -d "$RESULTS"/*-fuzz-patched | tail -n 1)
sed "s/^/  [patched debug] /" "$run/share/results.txt"
grep -h '^INFO F1' "$run/console.log" | tail -n 2
if [ $rc = 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit $rc
