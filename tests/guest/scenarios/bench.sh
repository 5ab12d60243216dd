#!/bin/bash
# bench: measurements for "make bench" (topology T1, best under -icount).
# pfn_valid() and pfn_to_online_page() over early (boot RAM) sections and
# over ZONE_DEVICE sections (the two 64 MiB regions that share a section,
# plus 512 MiB of the large one), namespace enable latency at 16 MiB,
# 128 MiB and 1 GiB, and the memory model's per-section sizes.
# Writes "key value" lines to /nvt/bench.txt; passes when every
# measurement was taken and the hit counts make sense.
SCN=bench TITLE="pfn_valid, pfn_to_online_page and enable-latency measurements"
source "$(dirname "$0")/../lib.sh"

OUT=/nvt/bench.txt
: > "$OUT"
D=/sys/kernel/debug/pfnwalk
check "load pfnwalk" modprobe pfnwalk || abort "no pfnwalk module"
sed 's/^\([a-z_]*\)=/info.\1 /' "$D/info" >> "$OUT"

# measure NAME OP START NR LOOPS: one timed walk; prints the hit count.
measure() {
	local name=$1 r
	echo "$2 $3 $4 $5" > "$D/run" || { bad "pfnwalk run $*"; return 1; }
	r=$(cat "$D/run")
	echo "$name.ps_per_call $(sed -n 's/.*ps_per_call=\([0-9]*\).*/\1/p' <<< "$r")" >> "$OUT"
	echo "$name.calls $(sed -n 's/.*calls=\([0-9]*\).*/\1/p' <<< "$r")" >> "$OUT"
	info "$name: $r" >&2
	sed -n 's/.*hits=\([0-9]*\).*/\1/p' <<< "$r"
}

# Early sections: 1 GiB of boot memory from 16 MiB up, all present at boot.
pfn0=$(( (16 << 20) >> 12 )) n=$(( (1 << 30) >> 12 ))
hits=$(measure early.valid valid $pfn0 $n 4)
expect_eq "early pfn_valid hits" "$hits" "$n"
hits=$(measure early.online online $pfn0 $n 4)
expect_eq "early pfn_to_online_page hits" "$hits" "$n"

# Device sections: devdax namespaces over both 64 MiB regions and 512 MiB of
# the large one; pfn_valid() is true there, pfn_to_online_page() is not.
rA=$(region_at 0x100000000) rB=$(region_at 0x104000000) rBig=$(region_at 0x108000000)
[ -n "$rA" ] && [ -n "$rB" ] && [ -n "$rBig" ] || abort "T1 regions missing"
own_region "$rA"; own_region "$rB"; own_region "$rBig"
ns_create -r "$rA" -m devdax -s 64m > /dev/null || abort "devdax in $rA"
ns_create -r "$rB" -m devdax -s 64m > /dev/null || abort "devdax in $rB"
ns_create -r "$rBig" -m devdax -s 512m > /dev/null || abort "devdax in $rBig"
pfn0=$(( 0x100000000 >> 12 )) n=$(( (640 << 20) >> 12 ))
hits=$(measure device.valid valid $pfn0 $n 8)
(( hits > n / 2 )) || bad "device pfn_valid hits $hits of $n"
hits=$(measure device.online online $pfn0 $n 8)
expect_eq "device pfn_to_online_page hits" "$hits" 0
for r in "$rA" "$rB" "$rBig"; do destroy_region_namespaces "$r"; done

# Namespace enable latency: binding the namespace's pfn device to nd_pmem
# through sysfs (the kernel side of "ndctl enable-namespace": info-block
# check, devm_memremap_pages(), disk registration).  The probe runs in the
# writing task, so the measure is that task's own CPU time in the write()
# (tests/tools/cputime-write: CLOCK_THREAD_CPUTIME_ID around it, which the
# kernel brings up to date for the running task; /proc/PID/schedstat,
# used before 2026-12-07, is only as fresh as the last tick or switch):
# under -icount it counts the instructions of the enable path and nothing
# that other tasks (kworkers, RCU) happen to run meanwhile.  The whole
# vCPU's busy time (/proc/schedstat) and the elapsed virtual time are kept
# too; they also count background work, the fork and exec of
# cputime-write (since 2026-12-07; not comparable with earlier runs) and,
# for elapsed, idle waits that jump to the next timer.  Median, minimum
# and maximum of five runs after one untimed warm-up: make bench derives
# its tolerance from the spread.
busy_ns() { awk '/^cpu[0-9]/ { s += $8 } END { printf "%.0f\n", s }' /proc/schedstat; }
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
[ -r /proc/schedstat ] || abort "no /proc/schedstat (CONFIG_SCHEDSTATS)"
CPUTIME_WRITE=$NVT_TOOLS/cputime-write
[ -x "$CPUTIME_WRITE" ] || abort "no $CPUTIME_WRITE"
drv=/sys/bus/nd/drivers/nd_pmem
for size in 16m 128m 1g; do
	js=$(ns_create -r "$rBig" -m fsdax -s $size) || { bad "fsdax $size"; continue; }
	ns=$(json_field dev <<< "$js")
	pfn=$(basename "$(dirname "$(grep -lx "$ns" /sys/bus/nd/devices/pfn*/namespace)")")
	[ -e "$drv/$pfn" ] || { bad "$ns: no pfn device bound to nd_pmem"; continue; }
	task=() busy=() wall=()
	for rep in 0 1 2 3 4 5; do
		echo "$pfn" > "$drv/unbind" || bad "unbind $pfn"
		b0=$(busy_ns) t0=$(date +%s%N)
		out=$("$CPUTIME_WRITE" "$drv/bind" "$pfn") || bad "bind $pfn"
		t1=$(date +%s%N) b1=$(busy_ns)
		[ -e "$drv/$pfn" ] || bad "$pfn did not bind"
		[[ $out =~ ^task_ns=([0-9]+)$ ]] || { bad "cputime-write said '$out'"; continue; }
		[ $rep -gt 0 ] || continue
		task+=($(( BASH_REMATCH[1] / 1000 )))
		busy+=($(( (b1 - b0) / 1000 ))) wall+=($(( (t1 - t0) / 1000 )))
	done
	if [ ${#task[@]} = 5 ]; then
		echo "enable.$size.task_us $(median "${task[@]}")" >> "$OUT"
		echo "enable.$size.task_us.min $(printf '%s\n' "${task[@]}" | sort -n | head -n 1)" >> "$OUT"
		echo "enable.$size.task_us.max $(printf '%s\n' "${task[@]}" | sort -n | tail -n 1)" >> "$OUT"
		echo "enable.$size.busy_us $(median "${busy[@]}")" >> "$OUT"
		echo "enable.$size.elapsed_us $(median "${wall[@]}")" >> "$OUT"
	else
		bad "enable $size: ${#task[@]} of 5 timed runs"
	fi
	info "enable $size ($pfn): task ${task[*]} us, vCPU busy ${busy[*]} us, elapsed ${wall[*]} us"
	destroy_region_namespaces "$rBig" || bad "destroy $ns"
done
