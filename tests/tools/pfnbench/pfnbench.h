/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pfnbench.h - the interface between the driver (main.c) and each design
 * object (design.c compiled against one revision's extracted kernel text).
 * Plain C types only: no kernel type crosses this interface.
 */
#ifndef PFNBENCH_H
#define PFNBENCH_H

#include <stddef.h>
#include <stdint.h>

/* x86-64 geometry, for the driver and the reference implementation */
#define PB_PAGE_SHIFT		12
#define PB_SECTION_SHIFT	27				/* 128 MiB */
#define PB_PFN_SECTION_SHIFT	(PB_SECTION_SHIFT - PB_PAGE_SHIFT)	/* 15 */
#define PB_PAGES_PER_SECTION	(1UL << PB_PFN_SECTION_SHIFT)
#define PB_SUBSECTION_SHIFT	21				/* 2 MiB */
#define PB_PAGES_PER_SUBSECTION	(1UL << (PB_SUBSECTION_SHIFT - PB_PAGE_SHIFT))
#define PB_SUBSECTIONS		(1UL << (PB_SECTION_SHIFT - PB_SUBSECTION_SHIFT))	/* 64 */
#define PB_PHYSMEM_BITS		46	/* MAX_PHYSMEM_BITS on a CPU running 4-level paging */
#define PB_NR_MEM_SECTIONS	(1UL << (PB_PHYSMEM_BITS - PB_SECTION_SHIFT))	/* 2^19 */
#define PB_MAX_PFN		(PB_NR_MEM_SECTIONS << PB_PFN_SECTION_SHIFT)	/* 2^34 */

/*
 * The memory map.  Populated physical address space [0, bytes):
 *   [0, bytes/2)      boot ("early") System RAM on `nodes` nodes, except
 *                     sections hole_first .. hole_first+hole_count-1
 *                     (the 3-4 GiB PCI hole: absent), and section
 *                     partial_nr, which has only the sub-sections of
 *                     partial_map (RAM ends at 2944+64 MiB below the hole);
 *   [bytes/2, bytes)  ZONE_DEVICE sections hot-added one by one
 *                     (devm_memremap_pages()), each with 3 of its 4
 *                     sub-sections in every group of 4 active: map
 *                     0x7777... rotated left by (section number % 4).
 * Above `bytes`: nothing.
 */
struct pb_layout {
	unsigned long bytes;
	unsigned long nr_sections;	/* bytes >> 27 */
	unsigned long early_sections;	/* nr_sections / 2, hole included */
	unsigned long hole_first, hole_count;
	unsigned long partial_nr;
	uint64_t partial_map;
	int nodes;
};

enum { PB_ABSENT, PB_EARLY, PB_DEVICE };

static inline int pb_section_kind(const struct pb_layout *L, unsigned long nr)
{
	if (nr >= L->nr_sections)
		return PB_ABSENT;
	if (nr < L->early_sections) {
		if (nr >= L->hole_first && nr < L->hole_first + L->hole_count)
			return PB_ABSENT;
		return PB_EARLY;
	}
	return PB_DEVICE;
}

static inline uint64_t pb_rotl64(uint64_t v, unsigned int r)
{
	r &= 63;
	return r ? (v << r) | (v >> (64 - r)) : v;
}

/* The active sub-section map of a present section */
static inline uint64_t pb_section_map(const struct pb_layout *L, unsigned long nr)
{
	switch (pb_section_kind(L, nr)) {
	case PB_EARLY:
		return nr == L->partial_nr ? L->partial_map : ~0ULL;
	case PB_DEVICE:
		return pb_rotl64(0x7777777777777777ULL, nr & 3);
	}
	return 0;
}

static inline int pb_section_node(const struct pb_layout *L, unsigned long nr)
{
	unsigned long per = (L->early_sections + L->nodes - 1) / L->nodes;

	return (int)(nr / per);
}

/* kmalloc() size classes of SLUB on x86-64 (KMALLOC_MIN_SIZE 8: 96 and 192 exist) */
static inline size_t pb_kmalloc_size(size_t size)
{
	static const size_t cls[] = { 8, 16, 32, 64, 96, 128, 192, 256, 512,
				      1024, 2048, 4096, 8192 };
	for (size_t i = 0; i < sizeof(cls) / sizeof(cls[0]); i++)
		if (size <= cls[i])
			return cls[i];
	return (size + 4095) & ~4095UL;
}

/* Bytes of sparsemem metadata a design allocated for a memory map */
struct pb_stats {
	size_t root_array_bytes;	/* mem_section[NR_SECTION_ROOTS] */
	size_t roots_early, roots_hotplug;	/* roots allocated (page each) */
	size_t root_bytes;
	size_t usage_early, usage_device;	/* usage blocks */
	size_t usage_early_bytes, usage_device_bytes;
	size_t total_bytes;
	/* for the checks */
	unsigned long highest_present;	/* __highest_present_section_nr */
	unsigned long section_mem_map_early, section_mem_map_device;	/* of the first of each */
};

enum pb_loop { PB_LOOP_RAND, PB_LOOP_SEQ };
enum pb_fn { PB_FN_VALID, PB_FN_ONLINE };

struct pb_design {
	const char *label;	/* e.g. "stock" */
	const char *cfg;	/* "pe" (CONFIG_PAGE_EXTENSION=y) or "nope" */
	const char *rev, *commit, *lines;
	int page_ext, map_in_section, has_online, has_walk, test_bit_plain;
	size_t sizeof_section, sizeof_usage;
	size_t usage_size;		/* the kernel's mem_section_usage_size() */
	size_t usage_size_sum;		/* sizeof + the pageblock flags' longs */
	size_t device_usage_alloc;	/* its kmalloc size class */
	unsigned long sections_per_root, nr_section_roots, nr_mem_sections;
	int (*build)(const struct pb_layout *L, struct pb_stats *st);
	void (*teardown)(void);
	/* one call of the kernel code, through a noipa wrapper */
	int (*valid)(unsigned long pfn);
	int (*online)(unsigned long pfn);
	/* 7.3's first_valid_pfn() and for_each_valid_pfn() (NULL if the text has none) */
	unsigned long (*first_valid)(unsigned long pfn, unsigned long end_pfn);
	unsigned long (*walk)(unsigned long start, unsigned long end,
			      unsigned long *out, unsigned long max);
	/* timing loop: returns the sum of the answers */
	uint64_t (*run)(int loop, int fn, uint64_t n, uint64_t seed,
			unsigned long base, unsigned long mask);
};

/* provided by main.c for the design objects */
struct pb_arena;
struct pb_arena *pb_arena_new(const char *name, size_t bytes, int topdown);
void *pb_arena_alloc(struct pb_arena *a, size_t size, size_t align);
void pb_arena_free(struct pb_arena *a);
void pb_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* designs register a pointer to their descriptor in this ELF section */
#define PB_DESIGN_SECTION "pfnbench_designs"

#endif /* PFNBENCH_H */
