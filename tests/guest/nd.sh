# shellcheck shell=bash
# The nd bus's sysfs sequences, sourced by the scenarios that drive them
# directly: legacy.sh (T5), the stress scenario (T4) and X1/X2.  ns_claim
# and ns_unclaim are the writes with which "ndctl create-namespace -e"
# claims a label-less namespace and "ndctl destroy-namespace" releases it
# (ndctl also zeroes the info-block and, on a labelled region, deletes the
# label: these do neither).  They are done from shell builtins: under TCG
# every exec costs about 0.1 s, which a loop of hundreds of cycles cannot
# afford.  tests/guest/fuzz.py keeps a Python
# copy of ns_release/ns_raw/ns_probe; its Namespace class says why.
B=/sys/bus/nd

# nd_claimers NS: set CLAIMERS to the pfn and dax devices whose namespace
# is NS (read with the read builtin: no fork).
nd_claimers() {
	local d v
	CLAIMERS=()
	for d in "$B"/devices/pfn*.* "$B"/devices/dax*.*; do
		[ -e "$d/namespace" ] || continue
		v='' && read -r v < "$d/namespace"
		[ "$v" = "$1" ] && CLAIMERS+=("${d##*/}")
	done
	return 0
}

# claimers NS: the same, one per line.
claimers() {
	nd_claimers "$1"
	(( ${#CLAIMERS[@]} == 0 )) || printf '%s\n' "${CLAIMERS[@]}"
}

# nsrange NS: "START BYTES" of namespace NS (its resource, decimal).
nsrange() { echo "$(( $(< "$B/devices/$1/resource") )) $(< "$B/devices/$1/size")"; }

wait_probes() {
	local b
	# (reading wait_probe is what waits: "< file" alone would only open it)
	for b in "$B"/devices/ndbus*; do read -r _ < "$b/wait_probe"; done
}

# nd_wait_gone DEV: a released pfn/dax device is unregistered
# asynchronously, unless it is its region's seed, which stays; wait up to
# 10 s for it to go.
nd_wait_gone() {
	local dev=$1 id kind seed='' n=0
	id=${dev##*[a-z]} id=${id%%.*}
	kind=${dev%%[0-9]*}
	read -r seed 2>/dev/null < "$B/devices/region$id/${kind}_seed"
	[ "$dev" = "$seed" ] && return 0
	while [ -e "$B/devices/$dev" ] && (( n++ < 100 )); do sleep 0.1; done
	[ ! -e "$B/devices/$dev" ] || { echo "$dev still exists after 10 s" >&2; return 1; }
}

# ns_release NS: unbind NS and whatever claims it, drop the claims and wait
# for the released devices to go.  NS is left unbound: bound again, it would
# find its info-block (if any) and be claimed again.
ns_release() {
	local ns=$1 c
	nd_claimers "$ns"
	for c in "${CLAIMERS[@]}"; do
		if [ -e "$B/devices/$c/driver" ]; then
			echo "$c" > "$B/devices/$c/driver/unbind" || return 1
		fi
		echo "" > "$B/devices/$c/namespace" || return 1
	done
	if [ -e "$B/devices/$ns/driver" ]; then
		echo "$ns" > "$B/devices/$ns/driver/unbind" || return 1
	fi
	for c in "${CLAIMERS[@]}"; do nd_wait_gone "$c" || return 1; done
}

# ns_raw NS: bind NS raw, whatever info-block it holds; print its disk.
ns_raw() {
	ns_release "$1" || return 1
	echo 1 > "$B/devices/$1/force_raw" && echo "$1" > "$B/drivers/nd_pmem/bind" || return 1
	ls "$B/devices/$1/block"
}

# ns_wipe_infoblock NS: bind NS raw and zero its info-block area (the
# 4 KiB at offset 4 KiB), so that its next probe finds no instance.
ns_wipe_infoblock() {
	local disk
	disk=$(ns_raw "$1") || return 1
	dd if=/dev/zero of="/dev/$disk" bs=4096 seek=1 count=1 conv=fsync status=none
}

# ns_probe NS: bind NS and let the kernel probe its info-block.  A claimed
# namespace refuses the bind itself (its pfn/dax device takes over).
ns_probe() {
	ns_release "$1" || return 1
	echo 0 > "$B/devices/$1/force_raw" || return 1
	echo "$1" > "$B/drivers/nd_pmem/bind" 2>/dev/null
	wait_probes
}

# ns_claim NS REGION MODE MAP: claim namespace NS of REGION for fsdax (a pfn
# device, nd_pmem) or devdax (a dax device, dax_pmem) with its memmap in MAP
# (ram or pmem), 2 MiB aligned, and enable it.
ns_claim() {
	local ns=$1 r=$2 mode=$3 map=$4 seed drv
	case $mode in
	fsdax) read -r seed < "$B/devices/$r/pfn_seed" && drv=nd_pmem ;;
	devdax) read -r seed < "$B/devices/$r/dax_seed" && drv=dax_pmem ;;
	*) echo "ns_claim: unknown mode $mode" >&2; return 1 ;;
	esac || return 1
	if [ -e "$B/drivers/nd_pmem/$ns" ]; then
		echo "$ns" > "$B/drivers/nd_pmem/unbind" || return 1
	fi
	echo "$(< /proc/sys/kernel/random/uuid)" > "$B/devices/$seed/uuid" &&
	echo "$map" > "$B/devices/$seed/mode" &&
	echo $((2 << 20)) > "$B/devices/$seed/align" &&
	echo "$ns" > "$B/devices/$seed/namespace" &&
	echo "$seed" > "$B/drivers/$drv/bind" || return 1
	[ -e "$B/drivers/$drv/$seed" ] || { echo "$seed did not bind to $drv" >&2; return 1; }
}

# ns_unclaim NS: disable NS's claim (it must have one) and release NS.
ns_unclaim() {
	nd_claimers "$1"
	(( ${#CLAIMERS[@]} )) || { echo "$1 is not claimed" >&2; return 1; }
	ns_release "$1"
}

# --- nfit_test on real memory (topology T6) --------------------------------

# pfn_chunks START BYTES: one character per 2 MiB sub-section of [START,
# +BYTES): 1 when pfn_valid() holds for all its pfns, 0 for none, p for
# some (the pfnwalk module must be loaded).
pfn_chunks() {
	python3 - "$1" "$2" <<'PY'
import re, sys
start, size = int(sys.argv[1], 0), int(sys.argv[2], 0)
per = (2 << 20) >> 12
out = []
for a in range(start, start + size, 2 << 20):
    with open("/sys/kernel/debug/pfnwalk/run", "w") as f:
        f.write("valid %d %d 1" % (a >> 12, per))
    hits = int(re.search(r"hits=(\d+)", open("/sys/kernel/debug/pfnwalk/run").read()).group(1))
    out.append("1" if hits == per else "0" if hits == 0 else "p")
print("".join(out))
PY
}

# ns_chunks START BYTES NS...: pfn_chunks' string for the sub-sections that
# enabled namespaces NS... cover: 1 inside one, 0 elsewhere.
ns_chunks() {
	local start=$1 size=$2 n r=()
	shift 2
	for n in "$@"; do r+=("$(nsrange "$n")"); done
	python3 - "$start" "$size" "${r[@]}" <<'PY'
import sys
start, size = int(sys.argv[1], 0), int(sys.argv[2], 0)
ranges = [tuple(map(int, a.split())) for a in sys.argv[3:]]
s = 2 << 20
print("".join("1" if any(b <= a and a + s <= b + n for b, n in ranges) else "0"
              for a in range(start, start + size, s)))
PY
}

# real_state FILE: what loading nfit_test with real_mem= may change and
# unloading must restore: MemTotal, the memory blocks and their state,
# /proc/iomem, and pfn_valid() per 2 MiB over the guest's high memory.
# Fails if the pfnwalk reading is not one character per 2 MiB.
REAL_WINDOW="0x100000000 $((1 << 30))"
real_state() {
	local v
	# shellcheck disable=SC2086
	v=$(pfn_chunks $REAL_WINDOW)
	(( ${#v} == 512 )) || return 1
	{
		grep '^MemTotal:' /proc/meminfo
		for m in /sys/devices/system/memory/memory*; do
			echo "${m##*/} $(< "$m/state")"
		done
		cat /proc/iomem
		echo "valid $v"
	} > "$1"
}

# real_load: load nfit_test on the reserved memory (NVT_REAL_MEM), wait for
# both buses, give nfit_test.0's DIMMs labels and its regions x86's 2 MiB
# alignment (see T1).  nfit_test.1's region stays label-less.
real_load() {
	local r n=0
	modprobe nfit_test real_mem="$NVT_REAL_MEM" || return 1
	until ndctl list -B 2>/dev/null | grep -q nfit_test.1; do
		(( n++ < 30 )) || return 1
		sleep 1
	done
	wait_probes
	ndctl disable-region -b nfit_test.0 all >/dev/null 2>&1
	ndctl init-labels -f -b nfit_test.0 all >/dev/null 2>&1 || return 1
	for r in "$B"/devices/region*; do
		case $(readlink -f "$r") in
		*/nfit_test.0/*) echo $((2 << 20)) > "$r/align" || return 1 ;;
		esac
	done
	ndctl enable-region -b nfit_test.0 all >/dev/null 2>&1
}

# real_unload: destroy every namespace on the nfit_test buses and unload
# nfit_test.  A bound region holds a reference on the bus provider's
# module (nvdimm_bus_probe()), so the regions are disabled first (and the
# DIMMs, which hold none, with them).
real_unload() {
	local b
	for b in nfit_test.0 nfit_test.1; do
		ndctl destroy-namespace -f -b $b all >/dev/null 2>&1
		ndctl disable-region -b $b all >/dev/null 2>&1
		ndctl disable-dimm -b $b all >/dev/null 2>&1
	done
	rmmod nfit_test
}
