#!/bin/bash
# N1 (topology T6, nfit_test on real memory): nfit_test.0's two regions
# share the section at 0x118000000, the second starting 64 MiB in.  Each
# gets an fsdax and a devdax namespace side by side (ndctl's minimum of
# 16 MiB fills region A; region B keeps a 16 MiB gap at its end).  pfn_valid() (the pfnwalk module) must hold exactly over the
# enabled namespaces' sub-sections, none before, none while all are
# disabled and none after destroy: the proof that nfit_test's namespaces
# went through sub-section hotplug.  The data (read(), mmap loads and
# stores) must survive disable and enable.
SCN=N1 TITLE="nfit_test real memory: fsdax + devdax in two regions of one section, pfn_valid exact"
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../nd.sh"
SEC=0x118000000 SECSZ=$((128 << 20))

rA=$(region_at $SEC) || abort "no nfit_test.0 region at $SEC"
rB=$(region_at $((SEC + (64 << 20)))) || abort "no nfit_test.0 region 64 MiB into $SEC"
own_region "$rA"
own_region "$rB"
for r in "$rA" "$rB"; do
	grep -q "nfit_test.0" <<< "$(ndctl list -r "$r" -B)" || bad "$r is not on nfit_test.0"
done
# The ranges are real: acpi_nfit's resources are in /proc/iomem.
grep -q '^  118000000-119ffffff : Persistent Memory' /proc/iomem || bad "no Persistent Memory 118000000-119ffffff in /proc/iomem"
grep -q '^  11c000000-11fffffff : Persistent Memory' /proc/iomem || bad "no Persistent Memory 11c000000-11fffffff in /proc/iomem"
none=$(printf '0%.0s' $(seq 64))
expect_eq "pfn_valid over $SEC before any namespace" "$(pfn_chunks $SEC $SECSZ)" "$none"

# A: fsdax 16m map=mem and C: devdax 16m in region A (32 MiB);
# B: fsdax 32m map=dev and D: devdax 16m in region B (64 MiB).
js=$(ns_create -r "$rA" -m fsdax -M mem -s 16m) || abort "fsdax in $rA"
A=$(json_field dev <<< "$js") Adev=$(json_field blockdev <<< "$js")
js=$(ns_create -r "$rA" -m devdax -s 16m) || abort "devdax in $rA"
C=$(json_field dev <<< "$js")
js=$(ns_create -r "$rB" -m fsdax -M dev -s 32m) || abort "fsdax in $rB"
Bn=$(json_field dev <<< "$js") Bdev=$(json_field blockdev <<< "$js")
js=$(ns_create -r "$rB" -m devdax -s 16m) || abort "devdax in $rB"
D=$(json_field dev <<< "$js")
Cdev=$(dax_chardev "$C") Ddev=$(dax_chardev "$D")
info "$rA: $A ($(nsrange "$A")) $C ($(nsrange "$C")); $rB: $Bn ($(nsrange "$Bn")) $D ($(nsrange "$D"))"
want=$(ns_chunks $SEC $SECSZ "$A" "$C" "$Bn" "$D")
info "active sub-sections of $SEC: $want"
expect_eq "pfn_valid over $SEC with four namespaces" "$(pfn_chunks $SEC $SECSZ)" "$want"
[ "$want" != "$none" ] && [[ $want == *0* ]] || bad "the layout leaves no gap to check"

fsdax_use "/dev/$Adev" /mnt/n1-a 600
fsdax_use "/dev/$Bdev" /mnt/n1-b 610
check "devdax /dev/$Cdev mmap store" "$DAXCHECK" mmap-write "/dev/$Cdev" 0 620
check "devdax /dev/$Ddev mmap store" "$DAXCHECK" mmap-write "/dev/$Ddev" 0 630
check "$A data with all four in use" "$DAXCHECK" read /mnt/n1-a/data 4m 601
check "$Bn data with all four in use" "$DAXCHECK" read /mnt/n1-b/data 4m 611
check "$C data with all four in use" "$DAXCHECK" mmap-read "/dev/$Cdev" 0 620
cleanup_mounts
for n in "$A" "$C" "$Bn" "$D"; do check "disable $n" ndctl disable-namespace "$n"; done
expect_eq "pfn_valid over $SEC with all four disabled" "$(pfn_chunks $SEC $SECSZ)" "$none"
for n in "$A" "$C" "$Bn" "$D"; do check "enable $n" ndctl enable-namespace "$n"; done
expect_eq "pfn_valid over $SEC after enable" "$(pfn_chunks $SEC $SECSZ)" "$want"
check "remount $A" dax_mount "/dev/$Adev" /mnt/n1-a
check "remount $Bn" dax_mount "/dev/$Bdev" /mnt/n1-b
check "$A data after disable/enable (mmap)" "$DAXCHECK" mmap-read /mnt/n1-a/data 4m 601
check "$Bn data after disable/enable (mmap)" "$DAXCHECK" mmap-read /mnt/n1-b/data 4m 611
check "$C data after disable/enable" "$DAXCHECK" mmap-read "/dev/$Cdev" 0 620
check "$D data after disable/enable" "$DAXCHECK" mmap-read "/dev/$Ddev" 0 630
cleanup_mounts
check "destroy namespaces in $rA" destroy_region_namespaces "$rA"
check "destroy namespaces in $rB" destroy_region_namespaces "$rB"
expect_eq "pfn_valid over $SEC after destroy" "$(pfn_chunks $SEC $SECSZ)" "$none"
