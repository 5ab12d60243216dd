#!/bin/bash
# S6: a devdax namespace becomes System RAM with daxctl (memory blocks are
# added and onlined) and then goes back to devdax (they are offlined and
# removed), after which the device still maps and holds data.
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
if (( size < 2 * block )); then
	info "device smaller than two memory blocks, nothing to online"
	check "destroy" destroy_region_namespaces "$region"
	exit 0
fi
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
check "devdax mmap store after round trip" "$DAXCHECK" mmap-write "/dev/$dax" 0 600
check "devdax mmap load after round trip" "$DAXCHECK" mmap-read "/dev/$dax" 0 600
check "destroy" destroy_region_namespaces "$region"
