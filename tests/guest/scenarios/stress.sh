#!/bin/bash
# stress: a kernel thread (pfnwalk) walks pfn_valid() and
# pfn_to_online_page(), reading each online page's flags, over the shared
# section 0x100000000 and the large region while user space creates and
# destroys namespaces there in a loop: devdax and fsdax, in both regions of
# the shared section, NVT_STRESS_CYCLES times (default 1000).  Meant for the
# debug kernel (KASAN, lockdep, DEBUG_VM): any report fails the boot's
# guest-health check; this scenario fails if a cycle does not complete or
# the walker stops making progress.
SCN=stress TITLE="pfn walkers vs namespace create/destroy cycles"
source "$(dirname "$0")/../lib.sh"

cycles=${NVT_STRESS_CYCLES:-1000}
D=/sys/kernel/debug/pfnwalk
check "load pfnwalk" modprobe pfnwalk || abort "no pfnwalk module"
rA=$(region_at 0x100000000) rB=$(region_at 0x104000000)
[ -n "$rA" ] && [ -n "$rB" ] || abort "T1 regions missing"
own_region "$rA"; own_region "$rB"

# Walk the shared section and the first 128 MiB of the large region.
echo "start $(( 0x100000000 >> 12 )) $(( (256 << 20) >> 12 ))" > "$D/stress" ||
	abort "cannot start the walker"
passes() { sed -n 's/.*passes=\([0-9]*\).*/\1/p' "$D/stress"; }
modes=(fsdax devdax)
t0=$(date +%s)
done_cycles=0
for i in $(seq 1 "$cycles"); do
	m=${modes[$((i % 2))]}
	p0=$(passes)
	ns_create -r "$rA" -m "$m" -s 32m > /dev/null || { bad "cycle $i: $m in $rA"; break; }
	ns_create -r "$rB" -m "$m" -s 32m > /dev/null || { bad "cycle $i: $m in $rB"; break; }
	destroy_region_namespaces "$rA" || { bad "cycle $i: destroy in $rA"; break; }
	destroy_region_namespaces "$rB" || { bad "cycle $i: destroy in $rB"; break; }
	done_cycles=$i
	if (( i % 50 == 0 )); then
		info "cycle $i/$cycles, $(( $(date +%s) - t0 ))s: $(cat "$D/stress")"
		(( $(passes) > p0 )) || bad "walker made no progress by cycle $i"
	fi
done
echo stop > "$D/stress"
info "$done_cycles cycles in $(( $(date +%s) - t0 ))s; walker: $(cat "$D/stress")"
expect_eq "cycles completed" "$done_cycles" "$cycles"
check "unload pfnwalk" rmmod pfnwalk
