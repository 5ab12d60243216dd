// SPDX-License-Identifier: GPL-2.0
/*
 * design.c - one design: the kernel text of one revision (PB_EXTRACTED,
 * written by extract.py) compiled against shim.h, plus the code that lays
 * out the sparsemem structures the way the kernel does and the timing
 * loops.  run.sh compiles this file once per (revision, configuration)
 * with:
 *	-DPB_EXTRACTED='"x-REV.h"' -DPB_LABEL='"stock"' -DPB_CFG='"pe"'
 *	-DPFNBENCH_PAGE_EXTENSION=1|0
 * and then localises every symbol of the object (objcopy --localize-hidden
 * after -fvisibility=hidden), so that several designs, each with its own
 * `mem_section`, link into one executable.  The driver finds the design
 * through a pointer in the ELF section PB_DESIGN_SECTION.
 */
#include <string.h>	/* before shim.h, which redefines `inline` */

#include "shim.h"
#include PB_EXTRACTED
#include "pfnbench.h"
#include "loops.h"

#ifndef PB_LABEL
#error PB_LABEL not defined
#endif
#ifndef PB_CFG
#error PB_CFG not defined
#endif

/* kernel: mm/sparse.c, with CONFIG_SPARSEMEM_EXTREME */
struct mem_section **mem_section;
/* kernel: mm/sparse.c, raised by __section_mark_present() (mm/sparse.h) */
unsigned long __highest_present_section_nr;

_Static_assert(BITS_TO_LONGS(SUBSECTIONS_PER_SECTION) == 1,
	       "the driver writes the sub-section map as one unsigned long");
_Static_assert(SUBSECTIONS_PER_SECTION == PB_SUBSECTIONS, "geometry");
_Static_assert(PFN_SECTION_SHIFT == PB_PFN_SECTION_SHIFT, "geometry");
_Static_assert(PAGES_PER_SUBSECTION == PB_PAGES_PER_SUBSECTION, "geometry");
#if !PFNBENCH_HAS_USAGE_PTR
#error struct mem_section has no usage pointer: the builder does not know where the usage block goes
#endif

static unsigned long *pb_subsection_map(struct mem_section *ms)
{
#if PFNBENCH_MAP_IN_SECTION
	return ms->subsection_map;
#elif PFNBENCH_MAP_IN_USAGE
	return ms->usage->subsection_map;
#else
#error extract.py found no sub-section map
#endif
}

static struct pb_arena *pb_memblock, *pb_slab_page, *pb_slab_usage;
static unsigned long pb_slab_usage_n;

static void pb_teardown(void)
{
	pb_arena_free(pb_memblock);
	pb_arena_free(pb_slab_page);
	pb_arena_free(pb_slab_usage);
	pb_memblock = pb_slab_page = pb_slab_usage = NULL;
	mem_section = NULL;
	__highest_present_section_nr = 0;
}

/*
 * kzalloc(mem_section_usage_size()) from the kmalloc cache of size class
 * `size` (SLUB, order-0 slabs: a 4 KiB page holds PAGE_SIZE / size
 * objects, consecutive from the start of the page).
 */
static void *pb_kzalloc_usage(size_t size)
{
	if (pb_slab_usage_n++ % (PAGE_SIZE / size) == 0)
		return pb_arena_alloc(pb_slab_usage, size, PAGE_SIZE);
	return pb_arena_alloc(pb_slab_usage, size, 8);
}

/*
 * Build the structures for memory map L the way Linux 7.3 does it, with
 * the kernel's own sparse_init_one_section(), __section_mark_present()
 * and mem_section_usage_size() (copied from mm/sparse.h):
 *
 * boot (mm/sparse.c memblocks_present(), memory_present(), sparse_init(),
 * sparse_init_nid(), sparse_init_early_section(), then
 * mm/sparse-vmemmap.c sparse_init_subsection_map()):
 *   - mem_section = memblock_alloc(NR_SECTION_ROOTS pointers);
 *   - memory_present(): for each present early section, in ascending
 *     order, its root if not there yet (sparse_index_init():
 *     memblock_alloc_node(PAGE_SIZE, SMP_CACHE_BYTES): memblock allocates
 *     top down, so the roots are contiguous, in descending addresses);
 *     section_mem_map = nid << SECTION_NID_SHIFT | SECTION_IS_ONLINE,
 *     then __section_mark_present();
 *   - sparse_init_nid(): per node one memblock block of
 *     mem_section_usage_size() * (present sections of the node), handed
 *     out in section order by sparse_init_early_section(), which calls
 *     sparse_init_one_section(ms, pnum, map, usage, SECTION_IS_EARLY) with
 *     the memmap that __populate_section_memmap() returns with
 *     SPARSEMEM_VMEMMAP: pfn_to_page(the section's first pfn);
 *   - sparse_init_subsection_map(): the sub-section bits of the boot RAM.
 * hot-add of ZONE_DEVICE (mm/sparse-vmemmap.c sparse_add_section() and
 * section_activate(), then mm/memory_hotplug.c section_taint_zone_device()):
 *   - sparse_index_init(): a missing root is kzalloc_node(PAGE_SIZE) (the
 *     kmalloc-4k slab: page aligned, modelled as consecutive pages);
 *   - section_activate(): usage = kzalloc(mem_section_usage_size()), an
 *     object of the next kmalloc size class (pb_kzalloc_usage());
 *   - __section_mark_present(), sparse_init_one_section(ms, nr, memmap,
 *     ms->usage, 0), and the section's sub-section bits (section_activate()
 *     sets them before, the series' sparse_add_section() after: one
 *     thread builds the map here, so the order does not matter);
 *   - section_taint_zone_device(): | SECTION_TAINT_ZONE_DEVICE.
 * All arenas are zeroed memory with transparent huge pages requested (the
 * kernel reads these through the direct map, which uses large pages).
 */
static int pb_build(const struct pb_layout *L, struct pb_stats *st)
{
	const size_t usize = mem_section_usage_size();
	const size_t ualloc = pb_kmalloc_size(usize);
	const unsigned long ndev = L->nr_sections - L->early_sections;
	size_t roots_max = NR_SECTION_ROOTS;
	unsigned long nr;
	int nid;

	memset(st, 0, sizeof(*st));
	if (L->nr_sections > NR_MEM_SECTIONS)
		pb_fail("%s: memory map beyond NR_MEM_SECTIONS", PB_LABEL);
	if (ualloc > PAGE_SIZE)
		pb_fail("%s: usage block of %zu bytes: not modelled", PB_LABEL, usize);

	pb_memblock = pb_arena_new("memblock",
		roots_max * sizeof(void *) + roots_max * PAGE_SIZE +
		L->early_sections * usize + (size_t)L->nodes * 4096 + (4 << 20), 1);
	pb_slab_page = pb_arena_new("kmalloc-4k", roots_max * PAGE_SIZE + (4 << 20), 0);
	pb_slab_usage = pb_arena_new("kmalloc-usage",
		DIV_ROUND_UP(ndev, PAGE_SIZE / ualloc) * PAGE_SIZE + (4 << 20), 0);
	pb_slab_usage_n = 0;
	__highest_present_section_nr = 0;

	/* memblocks_present() */
	mem_section = pb_arena_alloc(pb_memblock,
				     sizeof(struct mem_section *) * NR_SECTION_ROOTS, 64);
	st->root_array_bytes = sizeof(struct mem_section *) * NR_SECTION_ROOTS;
	for (nr = 0; nr < L->early_sections; nr++) {
		unsigned long root = SECTION_NR_TO_ROOT(nr);
		struct mem_section *ms;

		if (pb_section_kind(L, nr) != PB_EARLY)
			continue;
		/* memory_present(): sparse_index_init() */
		if (!mem_section[root]) {
			mem_section[root] = pb_arena_alloc(pb_memblock,
				SECTIONS_PER_ROOT * sizeof(struct mem_section), 64);
			st->roots_early++;
		}
		ms = __nr_to_section(nr);
		if (!ms->section_mem_map) {
			/* sparse_encode_early_nid(nid) | SECTION_IS_ONLINE */
			ms->section_mem_map =
				((unsigned long)pb_section_node(L, nr) << SECTION_NID_SHIFT) |
				SECTION_IS_ONLINE;
			__section_mark_present(ms, nr);
		}
	}

	/* sparse_init(): sparse_init_nid() per node */
	for (nid = 0; nid < L->nodes; nid++) {
		unsigned long count = 0;
		char *usage;

		for (nr = 0; nr < L->early_sections; nr++)
			if (pb_section_kind(L, nr) == PB_EARLY && pb_section_node(L, nr) == nid)
				count++;
		if (!count)
			continue;
		/* sparse_usage_init() */
		usage = pb_arena_alloc(pb_memblock, usize * count, 64);
		st->usage_early_bytes += usize * count;
		for (nr = 0; nr < L->early_sections; nr++) {
			if (pb_section_kind(L, nr) != PB_EARLY || pb_section_node(L, nr) != nid)
				continue;
			/* sparse_init_early_section(nid, map, nr, 0) */
			sparse_init_one_section(__nr_to_section(nr), nr,
						pfn_to_page(section_nr_to_pfn(nr)),
						(struct mem_section_usage *)usage,
						SECTION_IS_EARLY | 0);
			usage += mem_section_usage_size();
			st->usage_early++;
		}
	}
	/* sparse_init_subsection_map() */
	for (nr = 0; nr < L->early_sections; nr++)
		if (pb_section_kind(L, nr) == PB_EARLY)
			pb_subsection_map(__nr_to_section(nr))[0] = pb_section_map(L, nr);

	/* hot-add of the ZONE_DEVICE half, one section at a time */
	for (nr = L->early_sections; nr < L->nr_sections; nr++) {
		unsigned long root = SECTION_NR_TO_ROOT(nr);
		struct mem_section *ms;

		/* sparse_index_init() */
		if (!mem_section[root]) {
			mem_section[root] = pb_arena_alloc(pb_slab_page,
				SECTIONS_PER_ROOT * sizeof(struct mem_section), PAGE_SIZE);
			st->roots_hotplug++;
		}
		ms = __nr_to_section(nr);
		/* section_activate() */
		if (!ms->usage) {
			ms->usage = pb_kzalloc_usage(ualloc);
			st->usage_device++;
			st->usage_device_bytes += ualloc;
		}
		__section_mark_present(ms, nr);
		sparse_init_one_section(ms, nr, pfn_to_page(section_nr_to_pfn(nr)),
					ms->usage, 0);
		pb_subsection_map(ms)[0] = pb_section_map(L, nr);
		/* section_taint_zone_device() */
		ms->section_mem_map |= SECTION_TAINT_ZONE_DEVICE;
	}
	st->root_bytes = (st->roots_early + st->roots_hotplug) *
			 SECTIONS_PER_ROOT * sizeof(struct mem_section);
	st->total_bytes = st->root_array_bytes + st->root_bytes +
			  st->usage_early_bytes + st->usage_device_bytes;
	st->highest_present = __highest_present_section_nr;
	st->section_mem_map_early = __nr_to_section(0)->section_mem_map;
	st->section_mem_map_device = __nr_to_section(L->early_sections)->section_mem_map;
	return 0;
}

/*
 * The calls timed: a kernel caller has pfn_valid() inlined; here the
 * caller is this out-of-line function (noipa: compiled and called like a
 * function in another file).
 */
__attribute__((noipa)) int pb_call_valid(unsigned long pfn)
{
	return pfn_valid(pfn);
}

#if PFNBENCH_HAVE_ONLINE
__attribute__((noipa)) int pb_call_online(unsigned long pfn)
{
	return pfn_to_online_page(pfn) != NULL;
}
#else
__attribute__((noipa)) int pb_call_online(unsigned long pfn)
{
	return -1;
}
#endif

#if PFNBENCH_HAS_FIRST_VALID_PFN
/* 7.3's for_each_valid_pfn() machinery, verified but not timed */
__attribute__((noipa)) unsigned long pb_call_first_valid(unsigned long pfn,
							   unsigned long end_pfn)
{
	return first_valid_pfn(pfn, end_pfn);
}

/* every pfn for_each_valid_pfn() visits, the first max of them into out */
__attribute__((noipa)) unsigned long pb_call_walk(unsigned long start, unsigned long end,
						    unsigned long *out, unsigned long max)
{
	unsigned long pfn, n = 0;

	for_each_valid_pfn(pfn, start, end) {
		if (n < max)
			out[n] = pfn;
		n++;
	}
	return n;
}
#define PB_FIRST_VALID	pb_call_first_valid
#define PB_WALK		pb_call_walk
#else
#define PB_FIRST_VALID	NULL
#define PB_WALK		NULL
#endif

PB_LOOPS(pb_design, pb_call_valid, pb_call_online)

static const struct pb_design pb_this = {
	.label = PB_LABEL,
	.cfg = PB_CFG,
	.rev = PFNBENCH_REV,
	.commit = PFNBENCH_COMMIT,
	.lines = PFNBENCH_MMZONE_LINES,
	.page_ext = IS_ENABLED(CONFIG_PAGE_EXTENSION),
	.map_in_section = PFNBENCH_MAP_IN_SECTION,
	.has_online = PFNBENCH_HAVE_ONLINE,
	.has_walk = PFNBENCH_HAS_FIRST_VALID_PFN,
	.test_bit_plain = PFNBENCH_TEST_BIT_PLAIN,
	.sizeof_section = sizeof(struct mem_section),
	.sizeof_usage = sizeof(struct mem_section_usage),
	/* kernel: the sum usemap_size() + sizeof() that 6.x computed */
	.usage_size_sum = sizeof(struct mem_section_usage) +
			  BITS_TO_LONGS(SECTION_BLOCKFLAGS_BITS) * sizeof(unsigned long),
	.sections_per_root = SECTIONS_PER_ROOT,
	.build = pb_build,
	.teardown = pb_teardown,
	.valid = pb_call_valid,
	.online = pb_call_online,
	.first_valid = PB_FIRST_VALID,
	.walk = PB_WALK,
	.run = pb_design_run,
};

/*
 * values that are not constant expressions: MAX_PHYSMEM_BITS is chosen at
 * boot, and mem_section_usage_size() is a function
 */
static struct pb_design pb_this_rt;

static const struct pb_design *pb_get(void)
{
	pb_this_rt = pb_this;
	pb_this_rt.usage_size = mem_section_usage_size();
	pb_this_rt.device_usage_alloc = pb_kmalloc_size(mem_section_usage_size());
	pb_this_rt.nr_section_roots = NR_SECTION_ROOTS;
	pb_this_rt.nr_mem_sections = NR_MEM_SECTIONS;
	return &pb_this_rt;
}

__attribute__((used, section(PB_DESIGN_SECTION)))
static const struct pb_design *(*const pb_register)(void) = pb_get;
