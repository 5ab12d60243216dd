#!/bin/bash
# H1 (topology T5): a hot-add that fails partway leaves no trace.  The
# legacy namespace of 512 MiB at 0x144000000 spans five sections: the
# first and the last shared with System RAM (their memmap exists from
# boot; adding them only sets sub-section bits) and three whole ones in
# between, each with a memmap of its own (from RAM with map=mem, from the
# namespace with map=dev).  Fault injection (failslab and
# fail_page_alloc, fail-nth, with a stack filter on __add_pages()) fails
# the Nth allocation made under __add_pages() while an fsdax instance is
# enabled, for N = 1, 2, ... until the enable makes fewer than N such
# allocations; map=mem and map=dev.  Every failure comes after at least
# one section was added (the first, partial one).  After every enable
# that failed, the instance is released, /proc/iomem and the memmap page
# count (nr_memmap_pages) must be as before, and a new create in the same
# namespace, with no injection, must succeed.  fail-nth injects one
# failure an enable: allocations made only after a failure (the
# vmemmap's fallback from a 2 MiB block to base pages) are not reached.
# On stock the namespace stays unusable after the first failure (the
# sub-section bits of the sections added before it stay set); no other
# scenario uses it.
SCN=H1 TITLE="an enable whose hot-add fails (injected allocation failure under __add_pages()) leaves no trace: the next create succeeds, /proc/iomem as before"
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../nd.sh"
stock_fails "__add_pages() does not undo the sections it added before the one that failed: their sub-section bits stay set, and the next create in the range fails with -EEXIST" \
	"the next create after an injected failure failed" \
	"?the memmap page count after the failed enable"

D=/sys/kernel/debug
for f in failslab fail_page_alloc; do
	[ -d "$D/$f" ] || abort "no $D/$f (CONFIG_FAILSLAB, CONFIG_FAIL_PAGE_ALLOC, CONFIG_FAULT_INJECTION_DEBUG_FS)"
done
[ -e /proc/self/fail-nth ] || abort "no /proc/self/fail-nth (CONFIG_FAULT_INJECTION_DEBUG_FS)"
# The text of __add_pages(): from its address to the next symbol's.
read -r fstart fend < <(python3 - <<'PY'
syms = sorted({int(l.split()[0], 16) for l in open("/proc/kallsyms") if l.split()[2:3] and l.split()[1] in "tTwW"})
a = [int(l.split()[0], 16) for l in open("/proc/kallsyms") if l.split()[2] == "__add_pages"]
if a and a[0]:
    print(hex(a[0]), hex(next(s for s in syms if s > a[0])))
PY
)
[ -n "$fend" ] || abort "no address for __add_pages in /proc/kallsyms"
info "__add_pages() text: [$fstart, $fend)"
# The knobs are restored when the scenario ends.
saved=()
for k in failslab/ignore-gfp-wait failslab/verbose failslab/require-start failslab/require-end \
	fail_page_alloc/ignore-gfp-wait fail_page_alloc/verbose fail_page_alloc/require-start \
	fail_page_alloc/require-end fail_page_alloc/min-order; do
	saved+=("$k=$(< "$D/$k")")
done
restore() {
	local kv
	for kv in "${saved[@]}"; do echo "${kv#*=}" > "$D/${kv%%=*}"; done
}
trap 'restore; finish' EXIT
for f in failslab fail_page_alloc; do
	echo N > "$D/$f/ignore-gfp-wait" && echo 1 > "$D/$f/verbose" &&
		echo "$fstart" > "$D/$f/require-start" && echo "$fend" > "$D/$f/require-end" ||
		abort "cannot set up $D/$f"
done
echo 0 > "$D/fail_page_alloc/min-order" || abort "cannot set fail_page_alloc/min-order"

# inject_bind N SEED: bind SEED to nd_pmem in a task whose Nth allocation
# under __add_pages() fails (the subshell's fail-nth: the bind runs in the
# writing task).  Sets BIND_RC and LEFT (fail-nth afterwards: 0 when the
# failure was injected, else how many were still to go).
inject_bind() {
	local out
	out=$(
		echo "$1" > /proc/self/fail-nth || exit 9
		echo "$2" > "$B/drivers/nd_pmem/bind" 2>/dev/null
		rc=$?
		read -r left < /proc/self/fail-nth
		echo 0 > /proc/self/fail-nth
		echo "$rc $left"
	)
	read -r BIND_RC LEFT <<< "$out"
	[ -n "$LEFT" ]
}

memmap_pages() { awk '$1 == "nr_memmap_pages" { print $2 }' /proc/vmstat; }

# state_same WHAT: /proc/iomem and the memmap page count as before.
state_same() {
	local m
	if [ "$(cat /proc/iomem)" != "$iomem" ]; then
		bad "/proc/iomem $1: differs from before"
		diff <(echo "$iomem") /proc/iomem | sed 's/^/      /' | head -n 8
	fi
	m=$(memmap_pages)
	[ "$m" = "$memmap" ] || bad "the memmap page count $1: $m, before $memmap"
}

# sweep NS REGION MAP
sweep() {
	local ns=$1 region=$2 map=$3 failed=0 n=1 what seed mark
	while (( n <= 64 )); do
		what="$ns map=$map, allocation #$n under __add_pages() failing"
		ns_release "$ns" || abort "$what: cannot release $ns"
		read -r seed < "$B/devices/$region/pfn_seed"
		echo "$(< /proc/sys/kernel/random/uuid)" > "$B/devices/$seed/uuid" &&
			echo "$map" > "$B/devices/$seed/mode" &&
			echo $((2 << 20)) > "$B/devices/$seed/align" &&
			echo "$ns" > "$B/devices/$seed/namespace" || abort "$what: cannot set up $seed"
		mark=$(kmsg_mark)
		# x86's add_pages() warns (once a boot) on any failed hot-add,
		# and the vmemmap allocator (once a boot) on a failed block:
		# both are the injected failure's, when there was one.  Stock
		# also warns that the altmap was not given back (the leftover
		# sections' memmap): its defect, in a stock window.
		if is_stock; then
			stock_splat_begin "an injected allocation failure: x86's add_pages() and the vmemmap allocator warn, and stock warns that the failed enable left altmap pages allocated" \
				'WARNING: .* (add_pages|memunmap_pages)|vmemmap alloc failure'
		else
			injected_splat_begin "x86's add_pages() and the vmemmap allocator warn on an injected allocation failure" \
				'WARNING: .* add_pages|vmemmap alloc failure'
		fi
		inject_bind "$n" "$seed" || abort "$what: cannot write /proc/self/fail-nth"
		[ "$LEFT" = 0 ] && splat_confirm
		splat_end "$SPLAT_OPEN"
		if [ "$LEFT" != 0 ]; then
			# Fewer than n allocations: nothing was injected.
			[ "$BIND_RC" = 0 ] || bad "$ns map=$map with nothing injected (fewer than $n allocations): the enable failed"
			info "$ns map=$map: $((n - 1)) allocation(s) under __add_pages(); $failed made the enable fail"
			break
		fi
		if [ "$BIND_RC" = 0 ]; then
			info "$what: the enable succeeded (a fallback took the failure)"
			ns_unclaim "$ns" || abort "$what: cannot release $ns"
		else
			failed=$((failed + 1))
			info "$what: the enable failed: $(dmesg_since "$mark" | grep -m1 'failed with error' | tr -s ' ')"
			echo "" > "$B/devices/$seed/namespace"
			state_same "after the failed enable ($what)"
			if ! ns_claim "$ns" "$region" fsdax "$map" 2>/dev/null; then
				abort "the next create after an injected failure failed ($what): $(dmesg_since "$mark" | grep 'failed with error' | tail -n 1 | tr -s ' ')"
			fi
			ns_unclaim "$ns" || abort "$what: cannot release $ns after the next create"
		fi
		ns_release "$ns"
		state_same "after release ($what)"
		n=$((n + 1))
	done
	(( n <= 64 )) || bad "$ns map=$map: still allocations left to fail after 64 enables"
	(( failed > 0 )) || bad "$ns map=$map: no injected failure made the enable fail"
}

for at in 0x144000000; do
	region=$(region_at $at) || abort "no legacy pmem region at $at"
	ns=$(ndctl list -i -r "$region" -N | json_field dev)
	[ -n "$ns" ] || abort "no namespace in $region"
	ns_wipe_infoblock "$ns" || abort "cannot clear $ns's info-block area"
	ns_release "$ns" || abort "cannot release $ns"
	iomem=$(cat /proc/iomem) memmap=$(memmap_pages)
	[ -n "$memmap" ] || abort "no nr_memmap_pages in /proc/vmstat"
	for map in ram pmem; do
		sweep "$ns" "$region" "$map"
	done
	ns_release "$ns"
done
