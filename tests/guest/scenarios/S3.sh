#!/bin/bash
# S3: ten 16 MiB fsdax namespaces in one region.  Each is formatted and
# DAX-mounted (all ten at once), written and read back through read() and
# mmap, then unmounted, disabled, re-enabled with its data still there, and
# destroyed.
SCN=S3 TITLE="ten 16 MiB fsdax namespaces: mkfs, DAX mount, data, disable/enable, destroy"
source "$(dirname "$0")/../lib.sh"

region=$(region_at 0x108000000) || abort "no region at 0x108000000"
own_region "$region"
N=10
for i in $(seq 0 $((N - 1))); do
	js=$(ns_create -r "$region" -m fsdax -s 16m) || abort "create 16m namespace #$i failed"
	ns[$i]=$(json_field dev <<< "$js")
	bdev[$i]=$(json_field blockdev <<< "$js")
done
info "created ${ns[*]}"
for i in $(seq 0 $((N - 1))); do
	fsdax_use "/dev/${bdev[$i]}" "/mnt/s3-$i" $((300 + i))
done
mounted=$(grep -c ' /mnt/s3-[0-9]* ext4 .*dax' /proc/mounts)
expect_eq "DAX mounts at once" "$mounted" "$N"
# Each namespace still holds its own data with all ten mounted.
for i in $(seq 0 $((N - 1))); do
	check "${ns[$i]} data with all mounted" "$DAXCHECK" read "/mnt/s3-$i/data" 4m $((301 + i))
done
report_snapshot "S3: ten 16 MiB fsdax namespaces in $region"
cleanup_mounts
for i in $(seq 0 $((N - 1))); do
	check "disable ${ns[$i]}" ndctl disable-namespace "${ns[$i]}"
	[ -e "/dev/${bdev[$i]}" ] && bad "/dev/${bdev[$i]} still present after disable"
	check "enable ${ns[$i]}" ndctl enable-namespace "${ns[$i]}"
	check "mount ${ns[$i]} again" dax_mount "/dev/${bdev[$i]}" "/mnt/s3-$i"
	check "${ns[$i]} data after disable/enable (read)" \
		"$DAXCHECK" read "/mnt/s3-$i/data" 4m $((301 + i))
	check "${ns[$i]} data after disable/enable (mmap)" \
		"$DAXCHECK" mmap-read "/mnt/s3-$i/data" 4m $((301 + i))
done
cleanup_mounts
for i in $(seq 0 $((N - 1))); do
	check "destroy ${ns[$i]}" ndctl destroy-namespace -f "${ns[$i]}"
done
expect_eq "namespaces left in $region" "$(ns_list_digest "$region")" ""
