#!/bin/bash
# S4: both 64 MiB regions of T1 share one 128 MiB section.  Each gets an
# fsdax and a devdax namespace at the same time; every namespace's data is
# checked, and again after all four were disabled and re-enabled.
SCN=S4 TITLE="fsdax + devdax in both regions of one shared section"
source "$(dirname "$0")/../lib.sh"

rA=$(region_at 0x100000000) || abort "no region at 0x100000000"
own_region "$rA"
rB=$(region_at 0x104000000) || abort "no region at 0x104000000"
own_region "$rB"
info "regions $rA and $rB share section 0x100000000"
i=0
for r in "$rA" "$rB"; do
	js=$(ns_create -r "$r" -m fsdax -s 32m) || abort "fsdax in $r failed"
	fs_ns[$i]=$(json_field dev <<< "$js")
	fs_dev[$i]=$(json_field blockdev <<< "$js")
	js=$(ns_create -r "$r" -m devdax -s 32m) || abort "devdax in $r failed"
	dd_ns[$i]=$(json_field dev <<< "$js")
	dd_dev[$i]=$(dax_chardev "${dd_ns[$i]}")
	[ -c "/dev/${dd_dev[$i]}" ] || abort "no /dev/${dd_dev[$i]}"
	info "$r: ${fs_ns[$i]} (fsdax /dev/${fs_dev[$i]}), ${dd_ns[$i]} (devdax /dev/${dd_dev[$i]})"
	i=$((i + 1))
done
for i in 0 1; do
	fsdax_use "/dev/${fs_dev[$i]}" "/mnt/s4-$i" $((400 + i))
	check "devdax /dev/${dd_dev[$i]} mmap store" \
		"$DAXCHECK" mmap-write "/dev/${dd_dev[$i]}" 0 $((410 + i))
done
# All four at once: nobody's stores landed in a neighbour.
for i in 0 1; do
	check "fsdax ${fs_ns[$i]} data (read)" "$DAXCHECK" read "/mnt/s4-$i/data" 4m $((401 + i))
	check "devdax ${dd_dev[$i]} data (mmap)" \
		"$DAXCHECK" mmap-read "/dev/${dd_dev[$i]}" 0 $((410 + i))
done
report_snapshot "S4: fsdax and devdax in both regions of section 0x100000000"
cleanup_mounts
for n in "${fs_ns[@]}" "${dd_ns[@]}"; do
	check "disable $n" ndctl disable-namespace "$n"
done
for n in "${fs_ns[@]}" "${dd_ns[@]}"; do
	check "enable $n" ndctl enable-namespace "$n"
done
for i in 0 1; do
	check "remount ${fs_ns[$i]}" dax_mount "/dev/${fs_dev[$i]}" "/mnt/s4-$i"
	check "fsdax ${fs_ns[$i]} data after re-enable" \
		"$DAXCHECK" mmap-read "/mnt/s4-$i/data" 4m $((401 + i))
	check "devdax ${dd_dev[$i]} data after re-enable" \
		"$DAXCHECK" mmap-read "/dev/${dd_dev[$i]}" 0 $((410 + i))
done
cleanup_mounts
check "destroy namespaces in $rA" destroy_region_namespaces "$rA"
check "destroy namespaces in $rB" destroy_region_namespaces "$rB"
