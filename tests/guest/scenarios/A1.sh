#!/bin/bash
# A1 (make check-arch): collisions inside one section, sized by the
# architecture's section (tests/guest/arch.sh).
#  1. Where two regions share a section (arm64): fsdax and devdax in
#     each, all four at once (S4's case).
#  2. In the large region: fsdax of half a section (one and a half on
#     ppc64le, where half is under ndctl's 16 MiB minimum), devdax of one
#     section, fsdax of one section, back to back, so each neighbour pair
#     shares a section and the second and third start mid-section.
#     (Neighbours that also share a vmemmap page: A5.)  pfn_valid() is exactly the
#     namespaces; data through read(), mmap loads and stores; all
#     disabled and enabled again; then the devdax in the middle is
#     destroyed and its neighbours, whose sections it shared, keep their
#     pfns and data.
SCN=A1 TITLE="collisions in one section: fsdax and devdax side by side, data, disable/enable, middle destroyed"
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../arch.sh"
mmu=$(sed -n 's/^MMU[[:space:]]*: //p' /proc/cpuinfo)
info "page $PG, section $((SEC / MIB)) MiB, $SUBS sub-sections per section${mmu:+, $mmu MMU}"
# make check-arch boots ppc64le once with disable_radix: the hash MMU.
grep -qw disable_radix /proc/cmdline && expect_eq "the MMU under disable_radix" "$mmu" Hash

pair=$(shared_pair)
if [ -n "$pair" ]; then
	read -r rA rB <<< "$pair"
	own_region "$rA"
	own_region "$rB"
	info "regions $rA and $rB share a section"
	i=0
	for r in "$rA" "$rB"; do
		q=$(( $(< "$B/devices/$r/size") / 2 ))
		a_ns "$r" fsdax $q || abort "fsdax in $r"
		fs_ns[$i]=$A_NS fs_dev[$i]=$A_BDEV
		a_ns "$r" devdax $q || abort "devdax in $r"
		dd_ns[$i]=$A_NS dd_dev[$i]=$A_CHR
		[ -c "/dev/${dd_dev[$i]}" ] || abort "no /dev/${dd_dev[$i]}"
		info "$r: ${fs_ns[$i]} (fsdax /dev/${fs_dev[$i]}), ${dd_ns[$i]} (devdax /dev/${dd_dev[$i]})"
		i=$((i + 1))
	done
	for i in 0 1; do
		fsdax_use "/dev/${fs_dev[$i]}" "/mnt/a1-$i" $((400 + i))
		check "devdax /dev/${dd_dev[$i]} mmap store" \
			"$DAXCHECK" mmap-write "/dev/${dd_dev[$i]}" 4m $((410 + i))
	done
	for i in 0 1; do
		check "fsdax ${fs_ns[$i]} data (read)" "$DAXCHECK" read "/mnt/a1-$i/data" 4m $((401 + i))
		check "devdax ${dd_dev[$i]} data (mmap)" \
			"$DAXCHECK" mmap-read "/dev/${dd_dev[$i]}" 4m $((410 + i))
	done
	cleanup_mounts
	check "destroy namespaces in $rA" destroy_region_namespaces "$rA"
	check "destroy namespaces in $rB" destroy_region_namespaces "$rB"
else
	# arm64's A1 places two regions in one section; that they are not
	# found is a failure there.
	case ${NVT_ARCH:-} in arm64-*) bad "no two regions share a section" ;; esac
	info "no two empty labelled regions share a section here (PAPR places NVDIMMs on 256 MiB; riscv64's are label-less): namespaces make the collisions"
fi

own_big_region
base=$(( $(< "$B/devices/$R/resource") ))
sizes=($A_HALF $SEC $SEC)
modes=(fsdax devdax fsdax)
for i in 0 1 2; do
	a_ns "$R" "${modes[$i]}" "${sizes[$i]}" || abort "${modes[$i]} of ${sizes[$i]} bytes in $R"
	ns[$i]=$A_NS dev[$i]=$A_BDEV$A_CHR
	read -r start[$i] len[$i] <<< "$(nsrange "$A_NS")"
	info "${ns[$i]}: ${modes[$i]} /dev/${dev[$i]} at $(printf %#x "${start[$i]}"), $((len[$i] / MIB)) MiB"
done
(( start[1] / SEC == (start[0] + len[0] - 1) / SEC )) || bad "${ns[0]} and ${ns[1]} share no section"
(( start[2] / SEC == (start[1] + len[1] - 1) / SEC )) || bad "${ns[1]} and ${ns[2]} share no section"
span=$(( start[2] + len[2] - base ))
total=$(( (len[0] + len[1] + len[2]) / PG ))
expect_eq "pfn_valid() pages over $R's first $((span / MIB)) MiB" "$(valid_pages $base $span)" $total
expect_eq "pfn_valid() pages in the section after the namespaces" \
	"$(valid_pages $((base + span)) $((SEC - span % SEC)))" 0

use() { # I SEED: write and check namespace I's data
	if [ "${modes[$1]}" = fsdax ]; then
		fsdax_use "/dev/${dev[$1]}" "/mnt/a1-n$1" "$2"
	else
		check "devdax /dev/${dev[$1]} mmap store" "$DAXCHECK" mmap-write "/dev/${dev[$1]}" 4m "$2"
	fi
}
verify() { # I SEED WHAT
	if [ "${modes[$1]}" = fsdax ]; then
		check "${ns[$1]} data $3 (read)" "$DAXCHECK" read "/mnt/a1-n$1/data" 4m $(($2 + 1))
		check "${ns[$1]} data $3 (mmap)" "$DAXCHECK" mmap-read "/mnt/a1-n$1/data" 4m $(($2 + 1))
	else
		check "${ns[$1]} data $3 (mmap)" "$DAXCHECK" mmap-read "/dev/${dev[$1]}" 4m "$2"
	fi
}
for i in 0 1 2; do use $i $((500 + 10 * i)); done
for i in 0 1 2; do verify $i $((500 + 10 * i)) "with all three in use"; done
cleanup_mounts
for i in 0 1 2; do check "disable ${ns[$i]}" ndctl disable-namespace "${ns[$i]}"; done
expect_eq "pfn_valid() pages with all disabled" "$(valid_pages $base $span)" 0
for i in 0 1 2; do check "enable ${ns[$i]}" ndctl enable-namespace "${ns[$i]}"; done
expect_eq "pfn_valid() pages after enable" "$(valid_pages $base $span)" $total
for i in 0 2; do check "mount ${ns[$i]} again" dax_mount "/dev/${dev[$i]}" "/mnt/a1-n$i"; done
for i in 0 1 2; do verify $i $((500 + 10 * i)) "after disable/enable"; done
# The middle one goes; its neighbours shared a section with it.
check "destroy ${ns[1]}" ndctl destroy-namespace -f "${ns[1]}"
expect_eq "pfn_valid() pages of ${ns[1]} after destroy" "$(valid_pages "${start[1]}" "${len[1]}")" 0
expect_eq "pfn_valid() pages of ${ns[0]} after its neighbour went" \
	"$(valid_pages "${start[0]}" "${len[0]}")" $((len[0] / PG))
expect_eq "pfn_valid() pages of ${ns[2]} after its neighbour went" \
	"$(valid_pages "${start[2]}" "${len[2]}")" $((len[2] / PG))
for i in 0 2; do verify $i $((500 + 10 * i)) "after ${ns[1]} was destroyed"; done
for i in 0 2; do
	check "${ns[$i]} mmap stores after ${ns[1]} was destroyed" \
		"$DAXCHECK" mmap-write "/mnt/a1-n$i/data" 4m $((600 + i))
	check "${ns[$i]} read() sees them" "$DAXCHECK" read "/mnt/a1-n$i/data" 4m $((600 + i))
done
cleanup_mounts
check "destroy namespaces in $R" destroy_region_namespaces "$R"
expect_eq "pfn_valid() pages after all were destroyed" "$(valid_pages $base $span)" 0
