#!/bin/bash
# make check-kdump: crash dumps of stock and patched kernels, read with
# Debian 12's own tools (kexec-tools 2.0.25, makedumpfile 1.7.2, crash
# 8.0.2).  The series changes struct mem_section, which makedumpfile reads
# through VMCOREINFO and crash through the vmlinux's types.
#
# For each kernel (config/kdump.config on top of the guest config), on T1
# booted with crashkernel=256M, with 5-level and with 4-level paging:
#   K1  fsdax and devdax namespaces, map=dev and map=mem, active in the
#       shared section 0x100000000 (a DAX mount, device-dax mappings) and a
#       256 MiB map=dev namespace of whole sections; capture kernel loaded
#       with kexec -p; makedumpfile --mem-usage on the live kernel; then
#       the guest panics (sysrq c)
#   K2  in the capture kernel: makedumpfile -c -d 31 /proc/vmcore, and a
#       copy of /proc/vmcore
# then on the host:
#   tests/host/vmcore_sections.py  walks the sections of the ELF dump from
#       VMCOREINFO alone, as makedumpfile does: each namespace's struct
#       page is where the kernel put it and in the dump when it is in RAM
#   tests/host/crash_check.py  crash on the -d 31 dump: kmem -n, kmem -p on
#       each namespace's first data page, and the section's sub-section map
#       as pfn_valid() saw it before the crash
# and finally stock's and patched's crash readings must be the same.
# Ends with "N passed, N failed".
source "$(dirname "$0")/lib.sh"

t0=$SECONDS
"$TOP/scripts/deps.sh" kexec-tools makedumpfile crash gdb
"$TOP/scripts/prepare-tree.sh"
series_is_empty && die "the series is empty: nothing to compare"
export KDUMP=1
for f in stock patched; do "$TOP/scripts/build.sh" "$f"; done

summary=$(mktemp)
# read_dump F LABEL RUN: the host's two readers on RUN's dump of kernel F.
read_dump() {
	local f=$1 label=$2 kd=$3/share/kdump out rc1=0 rc2=0
	out=$(flavour_out "$f")
	if [ ! -s "$kd/dump.d31" ] || [ ! -s "$kd/vmcore.elf" ]; then
		echo "FAIL [$label host] no dump to read" >> "$summary"
		rm -f "$kd/vmcore.elf"
		return
	fi
	{
		NVT_EXPECT_L5=$expect_l5 NVT_EXPECT_SIZE=$expect_size \
			python3 "$TOP/tests/host/vmcore_sections.py" "$kd/vmcore.elf" "$kd/facts" \
			"$kd/sections" || rc1=$?
		python3 "$TOP/tests/host/crash_check.py" "$out/vmlinux" "$kd/dump.d31" \
			"$kd/facts" "$kd/crash.summary" "$kd/sections" || rc2=$?
	} > "$kd/host.txt" 2>&1
	# (the readers' results are their PASS/FAIL lines; an exit status or
	# a traceback that no FAIL line explains is a failure of its own)
	if grep -q 'Traceback' "$kd/host.txt"; then
		echo "FAIL host: a dump reader stopped with a traceback (host.txt)" >> "$kd/host.txt"
	elif { [ $rc1 -ne 0 ] || [ $rc2 -ne 0 ]; } && ! grep -q '^FAIL' "$kd/host.txt"; then
		echo "FAIL host: a dump reader exited $rc1/$rc2 without a failed check" >> "$kd/host.txt"
	fi
	grep -E '^(PASS|FAIL) ' "$kd/host.txt" | sed -E "s/^(PASS|FAIL) /\1 [$label host] /" >> "$summary"
	grep -q '^FAIL\|Traceback' "$kd/host.txt" && say "dump readers' output: $kd/host.txt"
	# The unfiltered ELF copy is as large as the guest's RAM.
	rm -f "$kd/vmcore.elf"
}
# Both paging modes: 5-level (QEMU's -cpu max has LA57, MAX_PHYSMEM_BITS
# 52) and 4-level (no5lvl, 46): the number of roots of sections differs.
for paging in 5 4; do
	for f in stock patched; do
		label="kdump $f $paging-level"
		kargs="crashkernel=256M" expect_l5=1
		[ $paging = 4 ] && kargs+=" no5lvl" expect_l5=0
		# struct mem_section on this config (x86-64, PAGE_EXTENSION=n):
		# 16 bytes on stock, 32 with the series
		expect_size=16
		[ $f = patched ] && expect_size=32
		boot_results "$f" T1 K1 "$label" "$summary" --append "$kargs"
		read_dump "$f" "$label" "$BOOT_RUN"
		eval "sum_$f=\$BOOT_RUN/share/kdump/crash.summary"
	done
	if [ -s "${sum_stock:-}" ] && [ -s "${sum_patched:-}" ]; then
		if d=$(diff "$sum_stock" "$sum_patched"); then
			echo "PASS [kdump $paging-level] crash reads stock's and patched's dumps alike ($(wc -l < "$sum_stock") readings)" >> "$summary"
		else
			echo "FAIL [kdump $paging-level] crash reads stock's and patched's dumps differently:" >> "$summary"
			sed 's/^/    /' <<< "$d" >> "$summary"
		fi
	else
		echo "FAIL [kdump $paging-level] no crash readings to compare" >> "$summary"
	fi
	unset sum_stock sum_patched
done
report "make check-kdump ($((SECONDS - t0))s)" "$summary"
