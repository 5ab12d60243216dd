#!/bin/bash
# gdb: the host's gdb reads the active sub-section map through QEMU's
# gdbstub (make gdb-check).  Two 132m devdax namespaces in the 1 GiB
# region, the second starting in the middle of a section; their ranges go
# to /nvt/gdb-layout.txt, then the guest waits until the host has run gdb
# (/nvt/gdb-done) and checks the host's verdict (/nvt/gdb-result.txt).
SCN=gdb TITLE="gdb's pfn_valid() on the live sub-section map (QEMU gdbstub)"
source "$(dirname "$0")/../lib.sh"

region=$(region_at 0x108000000) || abort "no region at 0x108000000"
own_region "$region"
: > /nvt/gdb-layout.txt
for i in 0 1; do
	js=$(ns_create_any -r "$region" -m devdax -s 132m) ||
		abort "create-namespace -m devdax -s 132m #$((i + 1)) failed"
	ns=$(json_field dev <<< "$js")
	start=$(( $(cat /sys/bus/nd/devices/"$ns"/resource) ))
	size=$(( $(cat /sys/bus/nd/devices/"$ns"/size) ))
	printf 'namespace %s %#x %#x\n' "$ns" "$start" "$size" >> /nvt/gdb-layout.txt
done
# Boot memory: the first System RAM range of /proc/iomem.
ram=$(awk -F'[- :]+' '/System RAM$/ { print $1, $2; exit }' /proc/iomem)
printf 'ram 0x%s 0x%s\n' $ram >> /nvt/gdb-layout.txt
touch /nvt/gdb-ready
info "layout written; waiting for the host's gdb"
for _ in $(seq 600); do
	[ -e /nvt/gdb-done ] && break
	sleep 1
done
[ -e /nvt/gdb-done ] || abort "the host's gdb did not finish within 600 s"
sed 's/^/  host gdb: /' /nvt/gdb-result.txt
grep -q '^RESULT ok' /nvt/gdb-result.txt || bad "gdb's pfn_valid() disagreed (see above)"
check "destroy gdb namespaces" destroy_region_namespaces "$region"
