#!/bin/bash
# X1 (topology T1, make check-field): failed probes and re-probes in the
# section the two 64 MiB regions share, with the pfnwalk module checking
# pfn_valid() and pfn_to_online_page() after every step.
#  1. kmem refused: a 32 MiB devdax holds no whole 128 MiB memory block, so
#     "daxctl reconfigure-device -m system-ram" must fail; back to devdax,
#     its data is intact; destroyed and recreated in the same sub-sections.
#  2. kmem accepted and undone: a 384 MiB devdax in the 1 GiB region goes
#     online as System RAM, is offlined and removed, and is a devdax again
#     (the re-probe after memory hot-remove of the same sections).
#  3. a busy DAX mount: ndctl refuses to disable its namespace; unmounted,
#     it is disabled (its pfns invalid) and enabled again with its data.
# Finally everything is destroyed: no pfn of the shared section is valid.
SCN=X1 TITLE="failed kmem probe, system-ram round trip, busy disable: re-probes end clean"
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../nd.sh"

check "load pfnwalk" modprobe pfnwalk || abort "no pfnwalk module"
rA=$(region_at 0x100000000) && rB=$(region_at 0x104000000) &&
	rBig=$(region_at 0x108000000) || abort "T1 regions missing"
own_region "$rA"; own_region "$rB"; own_region "$rBig"
S=$(( 128 << 20 )) shared=0x100000000
expect_eq "shared section invalid before" "$(pfn_hits valid $shared $S)" 0
dax_driver() { basename "$(readlink "/sys/bus/dax/devices/$1/driver" 2>/dev/null)"; }

# --- 1. kmem refused ------------------------------------------------------
js=$(ns_create -r "$rA" -m devdax -s 32m) || abort "devdax in $rA failed"
nsA=$(json_field dev <<< "$js") daxA=$(dax_chardev "$nsA")
js=$(ns_create -r "$rB" -m fsdax -s 32m) || abort "fsdax in $rB failed"
nsB=$(json_field dev <<< "$js") bdevB=$(json_field blockdev <<< "$js")
read -r a_start a_size <<< "$(nsrange "$nsA")"
read -r b_start b_size <<< "$(nsrange "$nsB")"
check "devdax $daxA: mmap stores" "$DAXCHECK" mmap-write "/dev/$daxA" 0 811
check "fsdax $bdevB: mkfs, DAX mount, data" fsdax_use "/dev/$bdevB" /mnt/x1 820
# Each namespace's pagemap spans the whole namespace (metadata included).
valid_both=$(pfn_hits valid $shared $S)
expect_eq "valid pfns in the shared section: both namespaces, whole" \
	"$valid_both" $(( (a_size + b_size) >> 12 ))
mark=$(kmsg_mark)
out=$(daxctl reconfigure-device -m system-ram "$daxA" 2>&1) &&
	bad "kmem took a 32 MiB device that holds no whole memory block: $out"
info "daxctl system-ram on $daxA: $(tail -n 1 <<< "$out")"
dmesg_since "$mark" | grep -q "kmem $daxA: rejecting DAX region without any memory after alignment" ||
	bad "kmem's refusal does not name the cause (no whole memory block)"
[ "$(dax_driver "$daxA")" = kmem ] && bad "$daxA is bound to kmem"
expect_eq "no online pfn in the shared section" "$(pfn_hits online $shared $S)" 0
if [ "$(dax_driver "$daxA")" != device_dax ]; then
	check "back to devdax" daxctl reconfigure-device -m devdax "$daxA"
fi
expect_eq "$daxA bound to device_dax" "$(dax_driver "$daxA")" device_dax
check "devdax $daxA: data intact after the failed kmem probe" \
	"$DAXCHECK" mmap-read "/dev/$daxA" 0 811
expect_eq "shared section validity as before" "$(pfn_hits valid $shared $S)" "$valid_both"
check "destroy $nsA" ndctl destroy-namespace -f "$nsA"
expect_eq "$nsA's pfns invalid after destroy" "$(pfn_hits valid "$a_start" "$a_size")" 0
js=$(ns_create -r "$rA" -m devdax -s 32m) || abort "devdax in $rA again failed"
nsA=$(json_field dev <<< "$js") daxA=$(dax_chardev "$nsA")
read -r a2_start a2_size <<< "$(nsrange "$nsA")"
expect_eq "recreated in the same place" "$a2_start $a2_size" "$a_start $a_size"
check "recreated devdax $daxA: mmap stores and loads" \
	sh -c "'$DAXCHECK' mmap-write /dev/$daxA 0 812 && '$DAXCHECK' mmap-read /dev/$daxA 0 812"
expect_eq "shared section validity as with the first" "$(pfn_hits valid $shared $S)" "$valid_both"

# --- 2. kmem accepted, then undone ----------------------------------------
js=$(ns_create -r "$rBig" -m devdax -s 384m) || abort "384m devdax in $rBig failed"
nsK=$(json_field dev <<< "$js") daxK=$(dax_chardev "$nsK")
read -r k_start k_size <<< "$(nsrange "$nsK")"
mt0=$(awk '/^MemTotal/ {print $2}' /proc/meminfo)
if check "daxctl reconfigure-device -m system-ram $daxK" \
	daxctl reconfigure-device -m system-ram "$daxK"; then
	# 384 MiB from 0x108000000 plus the info-block and memmap reserve
	# holds two whole 128 MiB memory blocks: 256 MiB go online.
	on=$(pfn_hits online "$k_start" "$k_size")
	expect_eq "online pfns of $nsK as System RAM (two memory blocks)" "$on" 65536
	expect_eq "MemTotal growth (KiB)" \
		$(( $(awk '/^MemTotal/ {print $2}' /proc/meminfo) - mt0 )) 262144
	check "offline and back to devdax" daxctl reconfigure-device -f -m devdax "$daxK"
fi
expect_eq "$daxK bound to device_dax" "$(dax_driver "$daxK")" device_dax
expect_eq "MemTotal as before" "$(awk '/^MemTotal/ {print $2}' /proc/meminfo)" "$mt0"
expect_eq "no online pfn in $nsK" "$(pfn_hits online "$k_start" "$k_size")" 0
check "devdax $daxK after System RAM: mmap stores and loads" \
	sh -c "'$DAXCHECK' mmap-write /dev/$daxK 0 830 && '$DAXCHECK' mmap-read /dev/$daxK 0 830"
check "destroy $nsK" ndctl destroy-namespace -f "$nsK"
expect_eq "$nsK's pfns invalid after destroy" "$(pfn_hits valid "$k_start" "$k_size")" 0

# --- 3. busy DAX mount ----------------------------------------------------
# (The kernel itself does not refuse: an unbind of nd_pmem under the mount
# frees the memmap the file system's DAX entries still point at, and the
# unmount then faults in dax_disassociate_entry(), stock and patched
# alike; scenario X2 reproduces it.  ndctl's refusal is what keeps users
# out of that path, and what is tested here.)
vB=$(pfn_hits valid "$b_start" "$b_size")
# (The mount is what makes it busy: it holds the block device open.)
out=$(ndctl disable-namespace "$nsB" 2>&1) &&
	bad "ndctl disabled $nsB under its DAX mount: $out"
info "ndctl disable-namespace under the mount: $(tr '\n' ' ' <<< "$out")"
expect_eq "$nsB state after ndctl disable-namespace under its mount" \
	"$(ns_state "$nsB")" enabled
check "$nsB still serves the mount" "$DAXCHECK" mmap-read /mnt/x1/data 4m 821
cleanup_mounts
check "disable $nsB, unmounted" ndctl disable-namespace "$nsB"
expect_eq "$nsB state" "$(ns_state "$nsB")" disabled
expect_eq "$nsB's pfns invalid while disabled" "$(pfn_hits valid "$b_start" "$b_size")" 0
check "enable $nsB" ndctl enable-namespace "$nsB"
expect_eq "$nsB's pfns valid again, as before" "$(pfn_hits valid "$b_start" "$b_size")" "$vB"
bdevB=$(ndctl list -n "$nsB" | json_field blockdev)
check "mount again" dax_mount "/dev/$bdevB" /mnt/x1 &&
check "$nsB: the data written before the disable" "$DAXCHECK" mmap-read /mnt/x1/data 4m 821
cleanup_mounts

# --- the end: nothing left ------------------------------------------------
check "destroy $nsA" ndctl destroy-namespace -f "$nsA"
check "destroy $nsB" ndctl destroy-namespace -f "$nsB"
expect_eq "shared section invalid after all destroys" "$(pfn_hits valid $shared $S)" 0
expect_eq "1 GiB region's pfns invalid" "$(pfn_hits valid 0x108000000 $(( 1 << 30 )))" 0
check "unload pfnwalk" rmmod pfnwalk
