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
