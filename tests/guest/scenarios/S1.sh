#!/bin/bash
# S1, the seeds' reproducer: "ndctl create-namespace -m fsdax -s 132m" run
# twice in one region.  The second namespace starts 132 MiB into the region,
# in the middle of a 128 MiB section; both must enable and take mkfs.ext4 and
# a DAX mount with working data.
SCN=S1 TITLE="two 132m fsdax namespaces in one region, both DAX-mounted"
source "$(dirname "$0")/../lib.sh"

region=$(region_at 0x108000000) || abort "no region at 0x108000000"
own_region "$region"
for i in 0 1; do
	js=$(ns_create_any -r "$region" -m fsdax -s 132m) ||
		abort "create-namespace -m fsdax -s 132m #$((i + 1)) failed"
	ns[$i]=$(json_field dev <<< "$js")
	bdev[$i]=$(json_field blockdev <<< "$js")
	expect_eq "${ns[$i]} mode" "$(json_field mode <<< "$js")" fsdax
	[ -n "${bdev[$i]}" ] || abort "${ns[$i]} has no block device"
	info "${ns[$i]}: $(json_field size <<< "$js") bytes on /dev/${bdev[$i]}"
done
# The second one must really sit off a section boundary, else this proves nothing.
start1=$(( $(cat /sys/bus/nd/devices/"${ns[1]}"/resource) ))
(( start1 % (128 << 20) )) || bad "${ns[1]} starts section-aligned ($start1)"
for i in 0 1; do
	expect_eq "${ns[$i]} state" "$(ns_state "${ns[$i]}")" enabled
	fsdax_use "/dev/${bdev[$i]}" "/mnt/s1-$i" $((100 + i))
done
# Both mounted at once, the first one's data is still intact.
check "data of ${ns[0]} intact with both mounted" \
	"$DAXCHECK" read /mnt/s1-0/data 4m 101
report_snapshot "S1: two 132m fsdax namespaces in $region"
cleanup_mounts
check "destroy S1 namespaces" destroy_region_namespaces "$region"
