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
#include "shim.h"
#include PB_EXTRACTED
#include "pfnbench.h"
#include "loops.h"

#include <string.h>

#ifndef PB_LABEL
#error PB_LABEL not defined
#endif
#ifndef PB_CFG
#error PB_CFG not defined
#endif

/* kernel: mm/sparse.c, with CONFIG_SPARSEMEM_EXTREME */
struct mem_section **mem_section;

_Static_assert(BITS_TO_LONGS(SUBSECTIONS_PER_SECTION) == 1,
	       "the driver writes the sub-section map as one unsigned long");
_Static_assert(SUBSECTIONS_PER_SECTION == PB_SUBSECTIONS, "geometry");
_Static_assert(PFN_SECTION_SHIFT == PB_PFN_SECTION_SHIFT, "geometry");
_Static_assert(PAGES_PER_SUBSECTION == PB_PAGES_PER_SUBSECTION, "geometry");

/* kernel: mm/sparse.c usemap_size() + mem_section_usage_size() */
static size_t pb_usage_size(void)
{
	return sizeof(struct mem_section_usage) +
	       BITS_TO_LONGS(SECTION_BLOCKFLAGS_BITS) * sizeof(unsigned long);
}

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

/*
 * The encoded memmap of a section: sparse_encode_mem_map() stores
 * mem_map - section_nr_to_pfn(pnum), which with SPARSEMEM_VMEMMAP is
 * vmemmap itself (vmemmap_base); the flags go into the low bits.
 */
static unsigned long pb_encoded_memmap(void)
{
	return vmemmap_base & SECTION_MAP_MASK;
}

static struct pb_arena *pb_memblock, *pb_slab_page, *pb_slab_usage;

static void pb_teardown(void)
{
	pb_arena_free(pb_memblock);
	pb_arena_free(pb_slab_page);
	pb_arena_free(pb_slab_usage);
	pb_memblock = pb_slab_page = pb_slab_usage = NULL;
	mem_section = NULL;
}

/*
 * Build the structures for memory map L the way the kernel does it:
 *
 * boot (mm/sparse.c memblocks_present(), sparse_init(), sparse_init_nid(),
 * then sparse_init_subsection_map() and online_mem_sections()):
 *   - mem_section = memblock_alloc(NR_SECTION_ROOTS pointers);
 *   - for each present early section, in ascending order, its root if not
 *     there yet: memblock_alloc_node(PAGE_SIZE): memblock allocates top
 *     down, so the roots are contiguous, in descending addresses;
 *   - per node one memblock block of mem_section_usage_size() * (present
 *     sections of the node), handed out in section order;
 *   - section_mem_map = encoded memmap | PRESENT | HAS_MEM_MAP | IS_EARLY,
 *     then | IS_ONLINE; the sub-section bits of the boot RAM set.
 * hot-add of ZONE_DEVICE (mm/sparse.c sparse_index_init() and
 * section_activate() via sparse_add_section(), then section_taint_zone_device()):
 *   - a missing root: kzalloc_node(PAGE_SIZE) (the kmalloc-4k slab: page
 *     aligned, modelled as consecutive pages);
 *   - usage: kzalloc(mem_section_usage_size()), i.e. one object of the
 *     next kmalloc size class, consecutive in the slab;
 *   - section_mem_map = encoded memmap | PRESENT | HAS_MEM_MAP |
 *     TAINT_ZONE_DEVICE; its sub-section bits set.
 * All arenas are zeroed memory with transparent huge pages requested (the
 * kernel reads these through the direct map, which uses large pages).
 */
static int pb_build(const struct pb_layout *L, struct pb_stats *st)
{
	const size_t usize = pb_usage_size();
	const size_t ualloc = pb_kmalloc_size(usize);
	const unsigned long enc = pb_encoded_memmap();
	size_t roots_max = NR_SECTION_ROOTS;
	unsigned long nr;
	int nid;

	memset(st, 0, sizeof(*st));
	if (L->nr_sections > NR_MEM_SECTIONS)
		pb_fail("%s: memory map beyond NR_MEM_SECTIONS", PB_LABEL);

	pb_memblock = pb_arena_new("memblock",
		roots_max * sizeof(void *) + roots_max * PAGE_SIZE +
		L->early_sections * usize + (size_t)L->nodes * 4096 + (4 << 20), 1);
	pb_slab_page = pb_arena_new("kmalloc-4k", roots_max * PAGE_SIZE + (4 << 20), 0);
	pb_slab_usage = pb_arena_new("kmalloc-usage",
		(L->nr_sections - L->early_sections) * ualloc + (4 << 20), 0);

	/* memblocks_present() */
	mem_section = pb_arena_alloc(pb_memblock,
				     sizeof(struct mem_section *) * NR_SECTION_ROOTS, 64);
	st->root_array_bytes = sizeof(struct mem_section *) * NR_SECTION_ROOTS;
	for (nr = 0; nr < L->early_sections; nr++) {
		unsigned long root = SECTION_NR_TO_ROOT(nr);

		if (pb_section_kind(L, nr) != PB_EARLY)
			continue;
		if (!mem_section[root]) {
			mem_section[root] = pb_arena_alloc(pb_memblock,
				SECTIONS_PER_ROOT * sizeof(struct mem_section), 64);
			st->roots_early++;
		}
		__nr_to_section(nr)->section_mem_map =
			((unsigned long)pb_section_node(L, nr) << SECTION_NID_SHIFT) |
			SECTION_MARKED_PRESENT;
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
		usage = pb_arena_alloc(pb_memblock, usize * count, 64);
		st->usage_early_bytes += usize * count;
		for (nr = 0; nr < L->early_sections; nr++) {
			struct mem_section *ms;

			if (pb_section_kind(L, nr) != PB_EARLY || pb_section_node(L, nr) != nid)
				continue;
			ms = __nr_to_section(nr);
			ms->section_mem_map &= ~SECTION_MAP_MASK;
			ms->section_mem_map |= enc | SECTION_HAS_MEM_MAP | SECTION_IS_EARLY;
#if PFNBENCH_HAS_USAGE_PTR
			ms->usage = (struct mem_section_usage *)usage;
#endif
			usage += usize;
			st->usage_early++;
		}
	}
	/* sparse_init_subsection_map(), online_mem_sections() */
	for (nr = 0; nr < L->early_sections; nr++) {
		struct mem_section *ms;

		if (pb_section_kind(L, nr) != PB_EARLY)
			continue;
		ms = __nr_to_section(nr);
		pb_subsection_map(ms)[0] = pb_section_map(L, nr);
		ms->section_mem_map |= SECTION_IS_ONLINE;
	}

	/* hot-add of the ZONE_DEVICE half, one section at a time */
	for (nr = L->early_sections; nr < L->nr_sections; nr++) {
		unsigned long root = SECTION_NR_TO_ROOT(nr);
		struct mem_section *ms;

		if (!mem_section[root]) {
			mem_section[root] = pb_arena_alloc(pb_slab_page,
				SECTIONS_PER_ROOT * sizeof(struct mem_section), PAGE_SIZE);
			st->roots_hotplug++;
		}
		ms = __nr_to_section(nr);
#if PFNBENCH_HAS_USAGE_PTR
		ms->usage = pb_arena_alloc(pb_slab_usage, ualloc, ualloc);
#endif
		st->usage_device++;
		st->usage_device_bytes += ualloc;
		pb_subsection_map(ms)[0] = pb_section_map(L, nr);
		ms->section_mem_map = enc | SECTION_MARKED_PRESENT | SECTION_HAS_MEM_MAP;
#ifdef SECTION_TAINT_ZONE_DEVICE
		ms->section_mem_map |= SECTION_TAINT_ZONE_DEVICE;
#endif
	}
	st->root_bytes = (st->roots_early + st->roots_hotplug) *
			 SECTIONS_PER_ROOT * sizeof(struct mem_section);
	st->total_bytes = st->root_array_bytes + st->root_bytes +
			  st->usage_early_bytes + st->usage_device_bytes;
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
	.x86_5level = PFNBENCH_X86_5LEVEL,
	.test_bit_plain = PFNBENCH_TEST_BIT_PLAIN,
	.sizeof_section = sizeof(struct mem_section),
	.sizeof_usage = sizeof(struct mem_section_usage),
	.usage_size = sizeof(struct mem_section_usage) +
		      BITS_TO_LONGS(SECTION_BLOCKFLAGS_BITS) * sizeof(unsigned long),
	.sections_per_root = SECTIONS_PER_ROOT,
	.build = pb_build,
	.teardown = pb_teardown,
	.valid = pb_call_valid,
	.online = pb_call_online,
	.run = pb_design_run,
};

/* values that are not constant expressions under the 5-level model */
static struct pb_design pb_this_rt;

static const struct pb_design *pb_get(void)
{
	pb_this_rt = pb_this;
	pb_this_rt.device_usage_alloc = pb_kmalloc_size(pb_usage_size());
	pb_this_rt.nr_section_roots = NR_SECTION_ROOTS;
	pb_this_rt.nr_mem_sections = NR_MEM_SECTIONS;
	return &pb_this_rt;
}

__attribute__((used, section(PB_DESIGN_SECTION)))
static const struct pb_design *(*const pb_register)(void) = pb_get;
