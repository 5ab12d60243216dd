#!/bin/bash
# A2 (make check-arch): S3 sized by the architecture.  Ten fsdax
# namespaces of an eighth of a section (16 MiB on arm64-4k, 64 MiB on
# arm64-64k; on ppc64le, where that is under ndctl's 16 MiB minimum, one
# and a half sections: 24 MiB, so every other boundary is mid-section)
# in one region, all DAX-mounted at once, data through read() and mmap,
# then each disabled, enabled with its data still there, and destroyed.
SCN=A2 TITLE="ten small fsdax namespaces in one region: DAX mounts, data, disable/enable, destroy"
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../arch.sh"

own_big_region
base=$(( $(< "$B/devices/$R/resource") ))
N=10 size=$((SEC / 8))
(( size >= NS_MIN )) || size=$((SEC * 3 / 2))
for i in $(seq 0 $((N - 1))); do
	a_ns "$R" fsdax $size || abort "fsdax namespace #$i of $((size / MIB)) MiB"
	ns[$i]=$A_NS bdev[$i]=$A_BDEV
done
info "created ${ns[*]}, $((size / MIB)) MiB each"
span=0
for n in "${ns[@]}"; do
	read -r s l <<< "$(nsrange "$n")"
	(( s + l - base > span )) && span=$(( s + l - base ))
done
expect_eq "pfn_valid() pages over the ten" "$(valid_pages $base $span)" $(( N * size / PG ))
for i in $(seq 0 $((N - 1))); do
	fsdax_use "/dev/${bdev[$i]}" "/mnt/a2-$i" $((300 + i))
done
expect_eq "DAX mounts at once" "$(grep -c ' /mnt/a2-[0-9]* ext4 .*dax' /proc/mounts)" "$N"
for i in $(seq 0 $((N - 1))); do
	check "${ns[$i]} data with all mounted" "$DAXCHECK" read "/mnt/a2-$i/data" 4m $((301 + i))
done
cleanup_mounts
for i in $(seq 0 $((N - 1))); do
	check "disable ${ns[$i]}" ndctl disable-namespace "${ns[$i]}"
	[ -e "/dev/${bdev[$i]}" ] && bad "/dev/${bdev[$i]} still present after disable"
	check "enable ${ns[$i]}" ndctl enable-namespace "${ns[$i]}"
	check "mount ${ns[$i]} again" dax_mount "/dev/${bdev[$i]}" "/mnt/a2-$i"
	check "${ns[$i]} data after disable/enable (read)" \
		"$DAXCHECK" read "/mnt/a2-$i/data" 4m $((301 + i))
	check "${ns[$i]} data after disable/enable (mmap)" \
		"$DAXCHECK" mmap-read "/mnt/a2-$i/data" 4m $((301 + i))
done
cleanup_mounts
for i in $(seq 0 $((N - 1))); do
	check "destroy ${ns[$i]}" ndctl destroy-namespace -f "${ns[$i]}"
done
expect_eq "namespaces left in $R" "$(ns_list_digest "$R")" ""
expect_eq "pfn_valid() pages after destroy" "$(valid_pages $base $span)" 0
