#!/bin/bash
# S11: a range hot-added to a section that is already valid (a second
# 16 MiB fsdax namespace in the section of a first one) must not
# be pfn_valid() while its memmap is being populated.  The pfnwalk module
# puts a kprobe on __populate_section_memmap() and records what
# pfn_valid() answers for the range's first and last pfn when the call
# begins.  Stock sets the range's sub-section bits before it populates
# the memmap, so both answers are already 1 there.
SCN=S11 TITLE="second range in a valid section: not pfn_valid() before its memmap is populated"
source "$(dirname "$0")/../lib.sh"
B=/sys/bus/nd
P=/sys/kernel/debug/pfnwalk/populate
stock_fails "sub-section bits are set before the memmap is populated (section_activate())" \
	"pfn_valid() of the second namespace's first pfn when its memmap populate began" \
	"pfn_valid() of the second namespace's last pfn when its memmap populate began"
modprobe pfnwalk || abort "modprobe pfnwalk"
[ "$(head -n 1 "$P")" != unsupported ] || abort "pfnwalk has no kprobe support (CONFIG_KPROBES=n)"
pg=$(getconf PAGESIZE)
ssb=$(sed -n 's/^section_size_bits=//p' /sys/kernel/debug/pfnwalk/info)
[ -n "$ssb" ] || abort "no section_size_bits in pfnwalk's info"
sect=$((1 << ssb))

region=$(region_at 0x108000000) || abort "no region at 0x108000000"
own_region "$region"
js=$(ns_create -r "$region" -m fsdax -s 16m) || abort "create the first namespace"
a=$(json_field dev <<< "$js")
astart=$(( $(< "$B/devices/$a/resource") ))
expect_eq "pfn_valid() of $a's first pfn" "$(pfn_hits valid $astart $pg)" 1

echo arm > "$P" || abort "arm the populate probe"
js=$(ns_create -r "$region" -m fsdax -s 16m)
echo disarm > "$P" || bad "disarm the populate probe"
b=$(json_field dev <<< "$js" 2>/dev/null)
[ -n "$b" ] || abort "create the second namespace"
bstart=$(( $(< "$B/devices/$b/resource") ))
bsize=$(( $(< "$B/devices/$b/size") ))
info "$a at $(printf %#x $astart), $b at $(printf %#x $bstart) (+$bsize)"
(( astart / sect == bstart / sect )) || abort "$a and $b are not in one section"
head -n 1 "$P" | sed "s/^/INFO $SCN: probe: /"

# The calls whose range lies in the second namespace: the hot-add of its
# pages (the first namespace's section was valid before it).
calls=
lo=$((bstart / pg)) hi=$(((bstart + bsize) / pg))
while read -r f1 f2 f3 f4; do
	[[ $f1 == pfn=* ]] || continue
	pfn=$(( ${f1#pfn=} )) nr=${f2#nr=}
	(( pfn >= lo && pfn + nr <= hi )) &&
		calls+="$pfn $nr ${f3#valid_first=} ${f4#valid_last=}"$'\n'
done < "$P"
calls=${calls%$'\n'}
[ -n "$calls" ] || abort "the probe saw no memmap populate in $b's range"
while read -r pfn nr vf vl; do
	info "populate pfn $(printf %#x "$pfn") + $nr: pfn_valid() first $vf, last $vl"
	expect_eq "pfn_valid() of the second namespace's first pfn when its memmap populate began" "$vf" 0
	expect_eq "pfn_valid() of the second namespace's last pfn when its memmap populate began" "$vl" 0
done <<< "$calls"

# Once the namespace is enabled its pfns are valid: the probe's zeros are
# not a pfn_valid() that never says yes.
read -r pfn nr _ <<< "$(head -n 1 <<< "$calls")"
expect_eq "pfn_valid() of $b's populated range" \
	"$(pfn_hits valid $((pfn * pg)) $((nr * pg)))" "$nr"
check "destroy $b" ndctl destroy-namespace -f "$b"
check "destroy $a" ndctl destroy-namespace -f "$a"
expect_eq "namespaces left in $region" "$(ns_list_digest "$region")" ""
