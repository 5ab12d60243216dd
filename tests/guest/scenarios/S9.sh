#!/bin/bash
# S9: a current-format (1.4) info-block that today's alignment rules reject
# is refused, as on stock; the same namespace with the padding ndctl
# computes for it is enabled.  The steps of ndctl's own test/align.sh, on a
# namespace that starts 8 KiB past a 2 MiB boundary.
SCN=S9 TITLE="misaligned 1.4 info-block refused, padded one enabled (ndctl align.sh)"
source "$(dirname "$0")/../lib.sh"

region=$(region_at 0x108000000) || abort "no region at 0x108000000"
own_region "$region"
rpath=/sys/bus/nd/devices/$region
ralign=$(cat "$rpath/align")
restore_align() { echo "$ralign" > "$rpath/align"; }
trap 'rc=$?; restore_align; (exit $rc); finish' EXIT
echo 4096 > "$rpath/align" || abort "region align 4096 not accepted"

# ns1 ends 8 KiB past a 2 MiB boundary (start aligned, end not), so the
# next allocation starts 8 KiB past one.
size=$(( (16 << 20) + (8 << 10) ))
js=$(ns_create -r "$region" -s "$size" -m fsdax -a 4K) ||
	abort "start-aligned, end-misaligned fsdax namespace not created"
ns1=$(json_field dev <<< "$js")
check "start-aligned, end-misaligned namespace re-enabled" \
	sh -c "ndctl disable-namespace $ns1 && ndctl enable-namespace $ns1"

js=$(ns_create -r "$region" -s "$size" -m raw) || abort "raw namespace not created"
ns2=$(json_field dev <<< "$js")
start=$(( $(cat "/sys/bus/nd/devices/$ns2/resource") ))
expect_eq "raw namespace starts 8 KiB past a 2 MiB boundary" \
	$(( start & ((2 << 20) - 1) )) $(( 8 << 10 ))
check "disable $ns2" ndctl disable-namespace "$ns2"

# A 1.4 block with no padding: map.start is 8 KiB off.  Refused.
check "write-infoblock -a 4K" ndctl write-infoblock "$ns2" -a 4K
ver=$(ndctl read-infoblock -j "$ns2" | json_field version)
expect_eq "ndctl writes a current-format block" "$ver" 1.4
mark=$(kmsg_mark)
if ndctl enable-namespace "$ns2" > /tmp/s9.out 2>&1; then
	bad "misaligned 1.4 info-block was enabled (stock refuses it)"
	ndctl disable-namespace "$ns2" > /dev/null 2>&1
else
	msgs=$(dmesg_since "$mark")
	info "enable refused: $(grep -m1 -E 'misaligned|bad offset' <<< "$msgs" || echo '(no kernel message)')"
	grep -qE 'misaligned' <<< "$msgs" || bad "no kernel message naming the misalignment"
	for d in /sys/bus/nd/devices/pfn*; do
		[ "$(cat "$d/namespace" 2>/dev/null)" = "$ns2" ] && [ -d "$d/block" ] &&
			bad "$(basename "$d") has a block device on the refused namespace"
	done
fi

# The same namespace with the start_pad ndctl computes from its offset
# (-O 8K): the block read back from the media must pad the namespace's
# real start up to the next 2 MiB boundary (2 MiB - 8 KiB), and the kernel
# must enable it as fsdax with a block device.
check "write-infoblock -a 4K -O 8K" ndctl write-infoblock "$ns2" -a 4K -O 8K
pad=$(ndctl read-infoblock -j "$ns2" | json_field start_pad)
info "padded block: start_pad $pad"
expect_eq "start_pad of the padded block pads the namespace start ($(printf %#x "$start")) to 2 MiB" \
	"$pad" $(( (2 << 20) - (start & ((2 << 20) - 1)) ))
check "padded 1.4 info-block enabled" ndctl enable-namespace "$ns2" &&
	expect_eq "padded namespace's mode and block device" \
		"$(ndctl list -n "$ns2" 2>/dev/null | python3 -c 'import json, sys
t = sys.stdin.read().strip()
d = json.loads(t) if t else []
d = [n for n in (d if isinstance(d, list) else [d]) if n.get("dev") == sys.argv[1]]
print("%s %s" % (d[0].get("mode"), "yes" if d[0].get("blockdev") else "no") if d else "absent")' "$ns2")" \
		"fsdax yes"
check "destroy $ns2" ndctl destroy-namespace -f "$ns2"
check "destroy $ns1" ndctl destroy-namespace -f "$ns1"
