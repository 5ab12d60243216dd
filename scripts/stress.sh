#!/bin/bash
# make stress: the debug kernels (KASAN, lockdep, DEBUG_VM, PROVE_RCU) on
# T4 (RAM+PMEM and PMEM+PMEM collisions, label-less), pfn walkers against
# NVT_STRESS_CYCLES (default 1000) namespace create/destroy cycles, stock
# and patched alike; then T6, NVT_NFIT_CYCLES (default 50) rounds of
# load, use, destroy and unload of nfit_test on real memory (N6), each
# checked to leave memory as it found it.  STRESS_RUNS="T4 T6" picks.
# A KASAN, lockdep, RCU or other report on the console fails the run.
source "$(dirname "$0")/lib.sh"
export DEBUG=1

"$TOP/scripts/prepare-tree.sh"
if series_is_empty; then flavours=(stock); else flavours=(stock patched); fi
fail=0 pass=0
for f in "${flavours[@]}"; do
	"$TOP/scripts/build.sh" "$f"
	for t in ${STRESS_RUNS:-T4 T6}; do
		if [ "$t" = T4 ]; then
			# A cycle takes about 2.3 s on the KASAN kernel under TCG (T4, 2026-11-21).
			cycles=${NVT_STRESS_CYCLES:-1000} scn=stress name=stress-$f per=20
		else
			cycles=${NVT_NFIT_CYCLES:-50} scn=N6 name=nfit-stress-$f per=90
		fi
		if NVT_GUEST_ENV="NVT_NFIT_CYCLES=${NVT_NFIT_CYCLES:-50}" \
			"$TOP/scripts/boot.sh" -f "$f" -t "$t" -s $scn -n "$name" \
			--timeout $((600 + cycles * per)); then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
		fi
		# This run's directory by its name: "last" may be another job's.
		run=$(ls -d "$RESULTS"/*-"$name" | tail -n 1)
		sed "s/^/  [$f debug $t] /" "$run/share/results.txt"
	done
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
