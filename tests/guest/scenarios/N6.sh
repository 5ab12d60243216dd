#!/bin/bash
# N6 (topology T6, make stress on the debug kernels): NVT_NFIT_CYCLES
# (default 50) rounds of load, use, destroy and unload of nfit_test on
# real memory.  Each round: nfit_test loaded with real_mem=, an fsdax
# (map=dev) and a devdax namespace in the two regions that share the
# section at 0x118000000, block I/O on the one and mmap stores and loads
# on the other, pfn_valid() exactly over both, then destroy and unload;
# after the unload MemTotal, the memory blocks, /proc/iomem and pfn_valid()
# must equal the record from before the first load.  KASAN, lockdep and
# the other debug reports fail the boot (scripts/boot.sh).
SCN=N6 TITLE="nfit_test real memory: load, use, destroy, unload cycles"
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../nd.sh"
SEC=0x118000000 SECSZ=$((128 << 20))
before=/tmp/nvt-real-before
[ -s $before ] || abort "no record from before the load"
cycles=${NVT_NFIT_CYCLES:-50}
t0=$(date +%s)
for c in $(seq "$cycles"); do
	# The runner loaded nfit_test for the first round.
	(( c == 1 )) || real_load || abort "round $c: load failed"
	rA=$(region_at $SEC) && rB=$(region_at $((SEC + (64 << 20)))) ||
		abort "round $c: regions missing"
	js=$(ns_create -r "$rA" -m fsdax -M dev -s 16m) || abort "round $c: fsdax in $rA"
	a=$(json_field dev <<< "$js") adev=$(json_field blockdev <<< "$js")
	js=$(ns_create -r "$rB" -m devdax -s 32m) || abort "round $c: devdax in $rB"
	d=$(json_field dev <<< "$js")
	ddev=$(dax_chardev "$d")
	"$DAXCHECK" write "/dev/$adev" 0 $((900 + c)) > /dev/null &&
		"$DAXCHECK" read "/dev/$adev" 0 $((900 + c)) > /dev/null ||
		bad "round $c: block I/O on $a"
	"$DAXCHECK" mmap-write "/dev/$ddev" 0 $((950 + c)) > /dev/null &&
		"$DAXCHECK" mmap-read "/dev/$ddev" 0 $((950 + c)) > /dev/null ||
		bad "round $c: mmap on $ddev"
	[ "$(pfn_chunks $SEC $SECSZ)" = "$(ns_chunks $SEC $SECSZ "$a" "$d")" ] ||
		bad "round $c: pfn_valid over $SEC is not exactly $a and $d"
	real_unload || abort "round $c: unload failed"
	real_state /tmp/nvt-real-after || abort "round $c: no pfnwalk reading"
	cmp -s $before /tmp/nvt-real-after ||
		abort "round $c: state after unload differs: $(diff $before /tmp/nvt-real-after | head -n 4 | tr '\n' ' ')"
done
info "$cycles rounds in $(( $(date +%s) - t0 )) s"
