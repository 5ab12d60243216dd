#!/bin/bash
# A3 (make check-arch): L1 on the architecture.  A namespace that starts
# and ends half a section off a section boundary gets an info-block as
# v5.2 (+stable, version 1.3) laid out such a namespace with this
# architecture's page and section size: fsdax, map=mem, start_pad to the
# next section, end_trunc back to the last one.  On arm64 the namespace
# is the label-less NVDIMM's; on ppc64le a raw namespace that starts half
# a section into a labelled region.  See tests/guest/legacy.sh.
SCN=A3 TITLE="legacy fsdax, map=mem, v1.3, start_pad and end_trunc half a section"
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../arch.sh"

LREGION=$(labelless_region)
if [ -n "$LREGION" ]; then
	LBASE=$(( $(< "$B/devices/$LREGION/resource") )) LSIZE=$(< "$B/devices/$LREGION/size")
else
	own_big_region
	LREGION=$R
	ns_create -r "$LREGION" -m raw -s $((SEC / 2)) > /dev/null || abort "raw filler namespace"
	js=$(ns_create -r "$LREGION" -m raw -s $((2 * SEC))) || abort "raw namespace of two sections"
	LNS=$(json_field dev <<< "$js")
	read -r LBASE LSIZE <<< "$(nsrange "$LNS")"
fi
(( LBASE % SEC && (LBASE + LSIZE) % SEC )) ||
	abort "$(printf %#x $LBASE) + $LSIZE does not start and end inside a section"
sp=$(( SEC - LBASE % SEC )) et=$(( (LBASE + LSIZE) % SEC ))
info "namespace at $(printf %#x $LBASE), $((LSIZE / MIB)) MiB: start_pad $((sp / MIB)) MiB, end_trunc $((et / MIB)) MiB"
source "$(dirname "$0")/../legacy.sh"
stock_fails "DAX pfns are off by start_pad (pmem phys_addr), mmap misses the file" \
	"mmap loads on the DAX mount" "the stored data" "start of the namespace, info-block and start_pad unchanged"
# Off by start_pad, the pfns of stock's DAX faults lie below the data,
# outside the range stock hot-added.  arm64 populated no memmap there and
# oopses in dax_insert_entry() at the first DAX fault (x86-64's T5 has a
# memmap there, RAM's, and maps the wrong data).  On ppc64le a vmemmap
# page describes 64 MiB, so their struct pages exist, though nothing
# initialized them (dax_insert_entry() may warn that one has a mapping);
# the oops comes when msync() writes back through their kernel address,
# which the linear map lacks (it covers the hot-added range only):
# clean_pmem_range().  The
# boot has oops=panic: scripts/boot.sh reports the oops inside these
# markers as the XFAIL.
# 7.3's arm64 faults in dax_to_folio(), which dax_insert_entry() calls
# for the entry's folio; 7.3's ppc64le faults in
# __get_pfnblock_flags_mask(), reading the pageblock flags of a pfn
# outside the hot-added range.
case ${NVT_ARCH:-} in
ppc64le) sig='clean_pmem_range|arch_wb_cache_pmem|__get_pfnblock_flags_mask' ;;
*) sig='dax_insert_entry|dax_to_folio' ;;
esac
# The window is the DAX accesses alone (legacy_case's STOCK_DAX_WINDOW):
# the checks before them (capacity, data address, block I/O) must hold.
# (ppc64le may warn first, in dax_insert_entry(), about a struct page
# that already has a mapping.)
STOCK_DAX_WINDOW=("DAX pfns off by start_pad lie outside the hot-added range: DAX oopses"
	'WARNING: .* dax_insert_entry' "$sig")
legacy_case dax fsdax --era v5.2 --version 1.3 --map mem --start-pad $sp --end-trunc $et
