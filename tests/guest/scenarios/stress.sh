#!/bin/bash
# stress (topology T4): a kernel thread (pfnwalk) walks pfn_valid() and
# pfn_to_online_page(), reading each online page's flags, over both
# collisions -- System RAM with legacy pmem at 0x46000000, and the two
# label-less NVDIMMs sharing the section at 0x100000000 -- while user space
# creates and destroys their namespaces, NVT_STRESS_CYCLES times (default
# 1000).  The modes rotate through fsdax and devdax with the memmap in RAM
# (map=mem) and on the device (map=dev, the vmem_altmap path).  Each cycle
# drives the sysfs ABI that "ndctl create-namespace -e / destroy-namespace"
# uses, from shell builtins: under TCG every exec costs ~0.1 s, which would
# make 1000 cycles take hours.  Every tenth cycle uses ndctl itself.
# Meant for the debug kernels (KASAN, lockdep, DEBUG_VM): any report fails
# the boot's guest-health check.  Synchronous pfnwalk scans (pfn_hits) at
# cycles 1-4 and every 100th check the shared section fully valid and not
# online with both its namespaces active, fully invalid after destroy, and
# the RAM+PMEM section at 1 GiB valid across its span.  The walker thread's
# own counts are totals over all its passes: they must grow every 50 cycles,
# and when it stops they must lie within the per-pass bounds of the RAM
# below the shared section (see walker_totals) -- to within one pass, so
# they catch RAM that the walker found invalid or offline for about a pass's
# worth of pfns in all, not a single pfn now and then.
SCN=stress TITLE="pfn walkers vs namespace create/destroy cycles on colliding regions"
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../nd.sh"

cycles=${NVT_STRESS_CYCLES:-1000}
D=/sys/kernel/debug/pfnwalk
check "load pfnwalk" modprobe pfnwalk || abort "no pfnwalk module"
rL=$(region_at 0x46000000) rA=$(region_at 0x100000000) rB=$(region_at 0x104000000)
[ -n "$rL" ] && [ -n "$rA" ] && [ -n "$rB" ] || abort "T4 regions missing"
regions=("$rL" "$rA" "$rB")
nsof() { ndctl list -i -r "$1" -N | json_field dev; }
nss=()
for r in "${regions[@]}"; do
	ns=$(nsof "$r") && [ -n "$ns" ] || abort "no label-less namespace in $r"
	nss+=("$ns")
done
info "namespaces ${nss[*]} in ${regions[*]}"

shared=0x100000000 S=$(( 128 << 20 ))
ram_sec=$(( 0x46000000 / S * S ))
span_pfns=$(( S >> 12 ))
# The section holding the legacy pmem also holds RAM: an early section,
# valid across its whole span, whatever the pmem's namespace does.
expect_eq "RAM+PMEM section valid before" "$(pfn_hits valid $ram_sec $S)" $span_pfns
expect_eq "shared section invalid before" "$(pfn_hits valid $shared $S)" 0

# Bounds for the walker's totals.  Per pass it sees every pfn of
# [1 GiB, shared) valid that is valid now (RAM, the early RAM+PMEM
# sections, nothing in the hole below 4 GiB), plus 0 to span_pfns of the
# shared section; online: the RAM outside the legacy pmem at 0x46000000
# (which never goes offline), plus at most the legacy pmem's 64 MiB, and
# nothing of the shared section (ZONE_DEVICE is never online).
low=0x40000000 pmem=0x46000000 pmem_len=$(( 64 << 20 ))
pmem_pfns=$(( pmem_len >> 12 ))
ram_valid=$(pfn_hits valid $low $(( shared - low )))
on_below=$(pfn_hits online $low $(( pmem - low )))
on_above=$(pfn_hits online $(( pmem + pmem_len )) $(( shared - pmem - pmem_len )))
ram_online=$(( ${on_below:-0} + ${on_above:-0} ))
(( ram_valid > 0 && ram_online > 0 )) ||
	abort "no valid or online pfn below the shared section ($ram_valid, $ram_online)"
info "per walker pass: $ram_valid valid pfns below the shared section (+ up to $span_pfns in it)," \
	"$ram_online online outside the legacy pmem (+ up to $pmem_pfns in it)"

# walker_totals STATS: the walker's counters read after "stop" (its last
# pass may be cut short, so PASSES passes saw at least PASSES - 1 whole
# spans and at most PASSES).
walker_totals() {
	local st=$1 n v o
	n=$(sed -n 's/.* passes=\([0-9]*\).*/\1/p' <<< "$st")
	v=$(sed -n 's/.* valid=\([0-9]*\).*/\1/p' <<< "$st")
	o=$(sed -n 's/.* online=\([0-9]*\).*/\1/p' <<< "$st")
	[[ $st == running=0* && $n =~ ^[0-9]+$ && $v =~ ^[0-9]+$ && $o =~ ^[0-9]+$ ]] ||
		{ bad "walker counters after stop unreadable or still running: '$st'"; return 1; }
	(( n >= 2 )) || { bad "walker: $n passes, no whole pass to check"; return 1; }
	(( v >= (n - 1) * ram_valid )) ||
		bad "walker: $v valid pfns in $n passes, fewer than $((n - 1)) x $ram_valid: RAM below the shared section was not valid throughout"
	(( v <= n * (ram_valid + span_pfns) )) ||
		bad "walker: $v valid pfns in $n passes, more than $n x ($ram_valid + $span_pfns)"
	(( o >= (n - 1) * ram_online )) ||
		bad "walker: $o online pfns in $n passes, fewer than $((n - 1)) x $ram_online: RAM went offline to pfn_to_online_page()"
	(( o <= n * (ram_online + pmem_pfns) )) ||
		bad "walker: $o online pfns in $n passes, more than $n x ($ram_online + $pmem_pfns): an online pfn in the shared section?"
	return 0
}

# Walk from the RAM+PMEM sections through the shared one.
echo "start $(( 0x40000000 >> 12 )) $(( (0x108000000 - 0x40000000) >> 12 ))" > "$D/stress" ||
	abort "cannot start the walker"
passes() { sed -n 's/.*passes=\([0-9]*\).*/\1/p' "$D/stress"; }
modes=("fsdax ram" "devdax pmem" "fsdax pmem" "devdax ram")
t0=$(date +%s)
done_cycles=0 p0=$(passes)
for i in $(seq 1 "$cycles"); do
	read -r m map <<< "${modes[$((i % 4))]}"
	[ "$map" = pmem ] && mapname=dev || mapname=mem
	for k in 0 1 2; do
		ns=${nss[$k]}
		if (( i % 10 == 0 )); then
			ndctl create-namespace -f -e "$ns" -m "$m" -M "$mapname" \
				> /dev/null 2>/tmp/stress.err
		else
			ns_claim "$ns" "${regions[$k]}" "$m" "$map" 2>/tmp/stress.err
		fi || { bad "cycle $i: $m map=$mapname on $ns: $(cat /tmp/stress.err)"; break 2; }
	done
	if (( i <= 4 || i % 100 == 0 )); then
		expect_eq "cycle $i: shared section valid with both $m map=$mapname namespaces" \
			"$(pfn_hits valid $shared $S)" $span_pfns
		expect_eq "cycle $i: no online pfn in the shared section" \
			"$(pfn_hits online $shared $S)" 0
	fi
	for ns in "${nss[@]}"; do
		if (( i % 10 == 0 )); then
			ndctl destroy-namespace -f "$ns" > /dev/null 2>/tmp/stress.err
		else
			ns_unclaim "$ns" 2>/tmp/stress.err
		fi || { bad "cycle $i: destroy $ns: $(cat /tmp/stress.err)"; break 2; }
	done
	if (( i <= 4 || i % 100 == 0 )); then
		expect_eq "cycle $i: shared section invalid after destroy" \
			"$(pfn_hits valid $shared $S)" 0
		expect_eq "cycle $i: RAM+PMEM section still valid" \
			"$(pfn_hits valid $ram_sec $S)" $span_pfns
	fi
	done_cycles=$i
	if (( i % 50 == 0 )); then
		info "cycle $i/$cycles, $(( $(date +%s) - t0 ))s: $(cat "$D/stress")"
		p=$(passes)
		(( p > p0 )) || bad "walker made no progress in cycles $((i - 49))-$i"
		p0=$p
	fi
done
# At least two passes before the stop, so that one whole pass is counted.
for _ in $(seq 300); do p=$(passes); (( ${p:-0} >= 2 )) && break; sleep 1; done
echo stop > "$D/stress"
wstat=$(cat "$D/stress")
info "$done_cycles cycles in $(( $(date +%s) - t0 ))s; walker: $wstat"
walker_totals "$wstat"
expect_eq "pfns valid below the shared section, after the cycles as before" \
	"$(pfn_hits valid $low $(( shared - low )))" "$ram_valid"
expect_eq "cycles completed" "$done_cycles" "$cycles"
check "unload pfnwalk" rmmod pfnwalk
