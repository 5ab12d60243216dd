#!/bin/bash
# S7: bad input is refused with a clear error and changes nothing: the
# existing namespace keeps its identity and every byte of its data, and the
# region's free capacity is unchanged.
SCN=S7 TITLE="bad input refused clearly, existing namespaces and data unchanged"
source "$(dirname "$0")/../lib.sh"

region=$(region_at 0x108000000) || abort "no region at 0x108000000"
own_region "$region"
js=$(ns_create -r "$region" -m fsdax -s 64m -n victim) || abort "victim namespace failed"
vns=$(json_field dev <<< "$js") vdev=$(json_field blockdev <<< "$js")
vuuid=$(json_field uuid <<< "$js")
check "victim data written" "$DAXCHECK" write "/dev/$vdev" 0 700
avail() { ndctl list -r "$region" -R | json_field available_size; }
state() { echo "$(ns_list_digest "$region")|$(avail)|$("$DAXCHECK" sum "/dev/$vdev" 0)"; }
state0=$(state)

# refuse DESCRIPTION MESSAGE-REGEX ndctl-args...
refuse() {
	local d=$1 re=$2; shift 2
	local msg rc
	msg=$(ndctl "$@" 2>&1); rc=$?
	if [ $rc -eq 0 ]; then
		bad "$d: accepted (ndctl $*)"
		# Put things back so later cases still measure something.
		for n in $(ndctl list -r "$region" -N | python3 -c '
import json, sys
d = json.load(sys.stdin); d = d if isinstance(d, list) else [d]
print(" ".join(n["dev"] for n in d if n["dev"] != sys.argv[1]))' "$vns"); do
			ndctl destroy-namespace -f "$n" >/dev/null 2>&1
		done
	elif ! grep -qiE "$re" <<< "$msg"; then
		bad "$d: refused, but the message does not say why: $(echo $msg)"
	else
		info "$d: refused: $(grep -iE "$re" <<< "$msg" | head -n 1)"
	fi
	expect_eq "$d: region, namespaces and data unchanged" "$(state)" "$state0"
}

refuse "misaligned size 3m" 'align' create-namespace -r "$region" -m fsdax -s 3m
refuse "misaligned size 129m" 'align' create-namespace -r "$region" -m fsdax -s 129m
refuse "oversize 4g" 'available|capacity|exceed|too large|space' \
	create-namespace -r "$region" -m fsdax -s 4g
refuse "duplicate uuid" 'uuid|busy|exist' \
	create-namespace -r "$region" -m fsdax -s 16m -u "$vuuid"
refuse "reconfigure an active namespace without --force" 'active|force' \
	create-namespace -e "$vns" -m raw
refuse "destroy an active namespace without --force" 'active|force' \
	destroy-namespace "$vns"
refuse "unknown mode" 'mode|invalid' create-namespace -r "$region" -m bogus -s 16m

# Zero size.  ndctl reads "-s 0" as "no size given", i.e. all free
# capacity (its documented default), so it may create a namespace; either
# way the victim is untouched.  The kernel itself must refuse to enable a
# namespace whose size is zero.
if js=$(ns_create -r "$region" -m fsdax -s 0 2>/tmp/s7.err); then
	info "zero size: ndctl took -s 0 as 'all free capacity': $(json_field dev <<< "$js"), $(json_field size <<< "$js") bytes"
	check "destroy the -s 0 namespace" ndctl destroy-namespace -f "$(json_field dev <<< "$js")"
else
	grep -qiE 'size|invalid|space' /tmp/s7.err ||
		bad "zero size: refused, but the message does not say why: $(cat /tmp/s7.err)"
fi
expect_eq "zero size: region, namespaces and data unchanged" "$(state)" "$state0"
seed=$(cat "/sys/bus/nd/devices/$region/namespace_seed")
[ -n "$seed" ] || abort "region has no namespace seed"
if echo "$seed" > /sys/bus/nd/drivers/nd_pmem/bind 2>/dev/null; then
	bad "kernel enabled the zero-size namespace $seed"
	echo "$seed" > /sys/bus/nd/drivers/nd_pmem/unbind
else
	info "zero size: kernel refused to enable zero-size $seed"
fi
expect_eq "zero-size enable: state unchanged" "$(state)" "$state0"

# The kernel interface: an unaligned size written to the namespace seed is
# refused and allocates nothing.
if [ -e "/sys/bus/nd/devices/$seed/size" ]; then
	uuidgen > "/sys/bus/nd/devices/$seed/uuid" 2>/dev/null ||
		python3 -c 'import uuid; print(uuid.uuid4())' > "/sys/bus/nd/devices/$seed/uuid"
	if echo $(( (16 << 20) + 4096 )) > "/sys/bus/nd/devices/$seed/size" 2>/dev/null; then
		bad "sysfs: unaligned size accepted by $seed"
		echo 0 > "/sys/bus/nd/devices/$seed/size"
	else
		info "sysfs: unaligned size refused by $seed"
	fi
	expect_eq "sysfs: $seed size after unaligned write" \
		"$(cat "/sys/bus/nd/devices/$seed/size")" 0
	expect_eq "sysfs: state after unaligned write" "$(state)" "$state0"
fi

# A duplicate name: names are labels, not keys, to both ndctl and the
# kernel, so it may be accepted; it must not disturb the existing namespace.
if js=$(ns_create -r "$region" -m fsdax -s 16m -n victim 2>/dev/null); then
	info "duplicate name accepted as a separate namespace $(json_field dev <<< "$js")"
	check "destroy the duplicate-name namespace" ndctl destroy-namespace -f "$(json_field dev <<< "$js")"
else
	info "duplicate name refused"
fi
expect_eq "after duplicate name" "$(state)" "$state0"
expect_eq "victim still named" "$(ndctl list -n "$vns" | json_field name)" victim
check "victim data intact" "$DAXCHECK" read "/dev/$vdev" 0 700
check "destroy victim" destroy_region_namespaces "$region"
