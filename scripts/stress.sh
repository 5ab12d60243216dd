#!/bin/bash
# make stress: the debug kernels (KASAN, lockdep, DEBUG_VM, PROVE_RCU) on
# T4 (RAM+PMEM and PMEM+PMEM collisions, label-less), pfn walkers against
# NVT_STRESS_CYCLES (default 1000) namespace create/destroy cycles, stock
# and patched alike.  A KASAN, lockdep, RCU or
# other report on the console fails the run.
source "$(dirname "$0")/lib.sh"
export DEBUG=1

"$TOP/scripts/prepare-tree.sh"
if series_is_empty; then flavours=(stock); else flavours=(stock patched); fi
fail=0 pass=0
for f in "${flavours[@]}"; do
	"$TOP/scripts/build.sh" "$f"
	# A cycle takes about 2.3 s on the KASAN kernel under TCG (T4, 2026-11-21).
	cycles=${NVT_STRESS_CYCLES:-1000}
	if "$TOP/scripts/boot.sh" -f "$f" -t T4 -s stress -n "stress-$f" \
		--timeout $((600 + cycles * 20)); then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
	fi
	# This run's directory by its name: "last" may be another job's.
	run=$(ls -d "$RESULTS"/*-stress-"$f" | tail -n 1)
	sed "s/^/  [$f debug] /" "$run/share/results.txt"
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
