#!/bin/bash
# make check-arch: the memory models of the other architectures at run
# time.  For arm64 with 4 KiB pages, arm64 with 64 KiB pages, ppc64le
# (64 KiB pages, radix) and riscv64 (4 KiB pages), cross-build the stock
# and the patched kernel (scripts/build.sh with NVT_ARCH; ppc64le's with
# a work-around for QEMU's TCG, tests/guest/ppc64le-tcg.patch), boot
# each under QEMU TCG on topology TA (scripts/boot.sh -a) with that
# architecture's Debian userland, and run the A scenarios (A1-A6; A7 on
# riscv64) and KUnit (ppc64le once more with the hash MMU: A1, A4, A5).
# Prints the build and boot time of each and ends with "N passed, N
# failed".
#
# Environment (optional): ARCHES="arm64-4k ppc64le"  FLAVOURS="patched"
#   SCENARIOS="A1 A4" (one boot with exactly these)
source "$(dirname "$0")/lib.sh"

t0=$SECONDS
"$TOP/scripts/prepare-tree.sh"
read -r -a arches <<< "${ARCHES:-$ARCH_TARGETS}"
read -r -a flavours <<< "${FLAVOURS:-stock patched}"
summary=$(mktemp)
times=$(mktemp)
for a in "${arches[@]}"; do
	arch_target "$a" > /dev/null
	export NVT_ARCH=$a
	for f in "${flavours[@]}"; do
		tb=$SECONDS
		if ! "$TOP/scripts/build.sh" "$f"; then
			echo "FAIL [$f $a] build: cross-building the kernel failed" >> "$summary"
			continue
		fi
		tb=$((SECONDS - tb))
		tg=$SECONDS
		# A3, A5 and A6 boot alone: where they show a defect it is
		# an oops, which ends the boot (oops=panic): A3 on stock, A5
		# and A6 on stock arm64-64k.
		if [ -n "${SCENARIOS:-}" ]; then
			boot_results "$f" TA "$SCENARIOS" "$f $a" "$summary"
		else
			boot_results "$f" TA "" "$f $a" "$summary"
			boot_results "$f" TA A3 "$f $a" "$summary"
			boot_results "$f" TA A5 "$f $a" "$summary"
			boot_results "$f" TA A6 "$f $a" "$summary"
			# A7 needs two label-less regions in one section, which
			# only riscv64's TA has (elsewhere it would only SKIP);
			# on stock riscv64 it oopses.
			[ "$a" = riscv64 ] &&
				boot_results "$f" TA A7 "$f $a" "$summary"
			# ppc64le's hash MMU too (radix is the default on
			# POWER10): its own vmemmap_populate() and
			# vmemmap_free(), which ask vmemmap_populated().
			[ "$a" = ppc64le ] &&
				boot_results "$f" TA "A1 A4 A5" "$f $a-hash" "$summary" --append disable_radix
		fi
		echo "$a $f: build ${tb}s, boot and scenarios $((SECONDS - tg))s" >> "$times"
	done
done
unset NVT_ARCH
echo
echo "=== times ==="
cat "$times"
rm -f "$times"
report "check-arch results ($((SECONDS - t0))s)" "$summary"
