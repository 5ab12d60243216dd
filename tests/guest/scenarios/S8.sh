#!/bin/bash
# S8: nfit_test's buses come up; a namespace is created on nfit_test.0,
# carries data through its block device, and is destroyed.
SCN=S8 TITLE="nfit_test bus: create, use and destroy a namespace"
source "$(dirname "$0")/../lib.sh"

for b in nfit_test.0 nfit_test.1; do
	ndctl list -B | grep -q "\"provider\":\"$b\"" || bad "bus $b missing"
done
region=$(region_of_bus nfit_test.0)
[ -n "$region" ] || abort "no pmem region on nfit_test.0"
js=$(ns_create -b nfit_test.0 -r "$region" -m fsdax -s 16m) || abort "create on $region failed"
ns=$(json_field dev <<< "$js")
dev=$(json_field blockdev <<< "$js")
info "$ns on $region: fsdax /dev/$dev, $(json_field size <<< "$js") bytes"
check "block write" "$DAXCHECK" write "/dev/$dev" 0 800
check "block read back" "$DAXCHECK" read "/dev/$dev" 0 800
check "disable $ns" ndctl disable-namespace "$ns"
check "enable $ns" ndctl enable-namespace "$ns"
check "data after re-enable" "$DAXCHECK" read "/dev/$dev" 0 800
check "destroy $ns" ndctl destroy-namespace -f "$ns"
ndctl list -n "$ns" 2>/dev/null | grep -q '"size":[1-9]' && bad "$ns still has capacity"
[ -e "/dev/$dev" ] && bad "/dev/$dev still present"
true
