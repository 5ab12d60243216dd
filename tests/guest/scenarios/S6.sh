#!/bin/bash
# S6: a devdax namespace becomes System RAM with daxctl (memory blocks are
# added and onlined: MemTotal grows by at least a block, more blocks are
# online, daxctl says system-ram) and then goes back to devdax (they are
# offlined and removed: MemTotal and the online block count are what they
# were before).  After the round trip the device-dax still maps: stores
# through one MAP_SHARED mapping of the whole device read back through a
# fresh one.  (Data from before the round trip is not kept: as System RAM
# the kernel owns the memory.)  The device must span at least two memory
# blocks, so that one whole block can be onlined; a smaller one fails.
SCN=S6 TITLE="devdax -> system-ram -> devdax with daxctl"
source "$(dirname "$0")/../lib.sh"

region=$(region_at 0x108000000) || abort "no region at 0x108000000"
own_region "$region"
js=$(ns_create -r "$region" -m devdax -s 512m) || abort "devdax 512m failed"
ns=$(json_field dev <<< "$js")
dax=$(dax_chardev "$ns")
block=$(( $(cat /sys/devices/system/memory/block_size_bytes | sed 's/^/0x/') ))
size=$(cat "/sys/bus/dax/devices/$dax/size")
info "$ns -> $dax, $size bytes, memory block $((block >> 20)) MiB"
(( size >= 2 * block )) ||
	abort "device of $size bytes is smaller than two memory blocks ($((2 * block)) bytes): nothing would be onlined"
# mawk's %d saturates at 2^31-1; MemTotal in bytes is larger.
memtotal() { awk '/^MemTotal/ {printf "%.0f\n", $2 * 1024}' /proc/meminfo; }
online_blocks() { grep -l online /sys/devices/system/memory/memory*/state | wc -l; }
mem0=$(memtotal) blocks0=$(online_blocks)
check "daxctl reconfigure-device --mode=system-ram" \
	daxctl reconfigure-device --mode=system-ram "$dax" || abort "to system-ram failed"
mem1=$(memtotal) blocks1=$(online_blocks)
info "MemTotal $((mem0 >> 20)) -> $((mem1 >> 20)) MiB, online blocks $blocks0 -> $blocks1"
(( mem1 - mem0 >= block )) || bad "MemTotal grew by $(( (mem1 - mem0) >> 20 )) MiB, less than one block"
(( blocks1 > blocks0 )) || bad "no memory block came online"
expect_eq "daxctl mode" "$(daxctl list -d "$dax" | json_field mode)" system-ram
check "daxctl reconfigure-device --mode=devdax" \
	daxctl reconfigure-device -f --mode=devdax "$dax" || abort "back to devdax failed"
expect_eq "MemTotal after going back" "$(memtotal)" "$mem0"
expect_eq "online blocks after going back" "$(online_blocks)" "$blocks0"
# Two processes, each mapping the whole device (size 0): the second's
# loads must see the first's stores.
check "devdax mmap store after round trip" "$DAXCHECK" mmap-write "/dev/$dax" 0 600
check "devdax mmap load after round trip" "$DAXCHECK" mmap-read "/dev/$dax" 0 600
check "destroy" destroy_region_namespaces "$region"
