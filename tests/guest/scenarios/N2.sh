#!/bin/bash
# N2 (topology T6): ten 16 MiB fsdax namespaces in nfit_test.1's region,
# which starts 64 MiB into the section at 0x100000000 (System RAM below
# it) and runs through the section at 0x108000000.  Each is formatted,
# DAX-mounted (all ten at once), written and read back through read() and
# mmap, disabled and enabled with its data, and destroyed.  pfn_valid()
# must hold exactly over the enabled namespaces in the section that has
# no RAM, and everywhere in the boot section shared with RAM (an early
# section's memmap is all valid); there pfn_to_online_page() must find
# the RAM below 0x104000000 and none of the namespaces' pfns.  The region keeps its labels: N3, which
# needs it label-less, runs before.
SCN=N2 TITLE="nfit_test real memory: ten 16 MiB fsdax namespaces from mid-section, pfn_valid exact"
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../nd.sh"
RBASE=0x104000000 S0=0x100000000 S1=0x108000000 SECSZ=$((128 << 20))

region=$(region_at $RBASE) || abort "no nfit_test.1 region at $RBASE"
own_region "$region"
grep -q nfit_test.1 <<< "$(ndctl list -r "$region" -B)" || abort "$region is not on nfit_test.1"
# Labels, so the region can be divided; x86's 2 MiB alignment (see T1).
dimm=$(ndctl list -r "$region" -D | json_field dev)
check "disable $region" ndctl disable-region "$region"
check "init-labels $dimm" ndctl init-labels -f "$dimm"
echo $((2 << 20)) > "$B/devices/$region/align" || bad "align of $region"
# nfit_test.1's DIMM is emulated "not armed": libnvdimm makes the region
# read-only.  The media is real memory, written on purpose.
echo 0 > "$B/devices/$region/read_only" || bad "$region stays read-only"
check "enable $region" ndctl enable-region "$region"
all=$(printf '1%.0s' $(seq 64)) none=$(printf '0%.0s' $(seq 64))
expect_eq "pfn_valid over $S1 before" "$(pfn_chunks $S1 $SECSZ)" "$none"

N=10
for i in $(seq 0 $((N - 1))); do
	js=$(ns_create -r "$region" -m fsdax -s 16m) ||
		abort "create 16m namespace #$i failed ($(ndctl list -r "$region" -i | tr -d '\n '))"
	ns[$i]=$(json_field dev <<< "$js")
	bdev[$i]=$(json_field blockdev <<< "$js")
done
info "created ${ns[*]}: first at $(nsrange "${ns[0]}"), last at $(nsrange "${ns[$((N - 1))]}")"
want=$(ns_chunks $S1 $SECSZ "${ns[@]}")
expect_eq "pfn_valid over $S1 with ten namespaces" "$(pfn_chunks $S1 $SECSZ)" "$want"
[[ $want == *1*0* ]] || bad "no gap after the namespaces in $S1: $want"
expect_eq "pfn_valid over $S0 (boot section shared with RAM)" "$(pfn_chunks $S0 $SECSZ)" "$all"
# The four namespaces in [0x104000000, 0x108000000) are ZONE_DEVICE pages
# of an online boot section: pfn_to_online_page() must refuse them.
expect_eq "pfn_to_online_page() over RAM in $S0" "$(pfn_hits online $S0 $((64 << 20)))" $((64 << 8))
expect_eq "pfn_to_online_page() over the namespaces in $S0" \
	"$(pfn_hits online $RBASE $((64 << 20)))" 0
for i in $(seq 0 $((N - 1))); do
	fsdax_use "/dev/${bdev[$i]}" "/mnt/n2-$i" $((700 + i))
done
expect_eq "DAX mounts at once" "$(grep -c ' /mnt/n2-[0-9]* ext4 .*dax' /proc/mounts)" "$N"
for i in $(seq 0 $((N - 1))); do
	check "${ns[$i]} data with all mounted" "$DAXCHECK" read "/mnt/n2-$i/data" 4m $((701 + i))
done
cleanup_mounts
for i in $(seq 0 $((N - 1))); do
	check "disable ${ns[$i]}" ndctl disable-namespace "${ns[$i]}"
done
expect_eq "pfn_valid over $S1 with all disabled" "$(pfn_chunks $S1 $SECSZ)" "$none"
for i in $(seq 0 $((N - 1))); do
	check "enable ${ns[$i]}" ndctl enable-namespace "${ns[$i]}"
	check "mount ${ns[$i]} again" dax_mount "/dev/${bdev[$i]}" "/mnt/n2-$i"
	check "${ns[$i]} data after disable/enable (mmap)" \
		"$DAXCHECK" mmap-read "/mnt/n2-$i/data" 4m $((701 + i))
done
cleanup_mounts
check "destroy the namespaces" destroy_region_namespaces "$region"
expect_eq "pfn_valid over $S1 after destroy" "$(pfn_chunks $S1 $SECSZ)" "$none"
expect_eq "pfn_valid over $S0 after destroy" "$(pfn_chunks $S0 $SECSZ)" "$all"
