// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - the pfnbench driver: builds every linked-in design's sparsemem
 * structures for each memory map, checks every design against a reference
 * implementation, then times the designs interleaved and prints tables.
 *
 * usage: pfnbench [-s SIZES] [-r REPS] [-t MS] [-V N] [-p PATTERNS] [-c CPU]
 *                 [--no-thp] [-v]
 *   -s 64G,1T,64T   populated physical address space per memory map
 *   -r 7            repetitions per (map, pattern, design); median reported
 *   -t 50           target milliseconds per repetition (calibrated on the
 *                   first design, the same call count for all)
 *   -V 1048576      random verification pfns per map (plus edge sweeps)
 *   -p all          comma list of patterns (see pb_patterns[]), or "none":
 *                   build and verify only
 *   -c CPU          pin to this CPU (default: the CPU we start on; -1: no)
 *   --no-thp        do not ask for transparent huge pages for the arenas
 *   -v              print every check, not only failures
 */
#define _GNU_SOURCE
#include "pfnbench.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

/* ---- what the shims of the designs refer to ---- */

/*
 * The design objects are compiled with the kernel's
 * -mpreferred-stack-boundary=3: what they call here realigns the stack.
 */
#define PB_CALLED_FROM_KERNEL_TEXT __attribute__((force_align_arg_pointer))

#define PB_PREEMPT_ENABLED	(1UL << 63)	/* x86-64 7.3: PREEMPT_NEED_RESCHED, inverted */
__thread unsigned long pfnbench_preempt_count = PB_PREEMPT_ENABLED;
unsigned long vmemmap_base = 0xffffea0000000000UL;	/* __VMEMMAP_BASE_L4 */
static volatile unsigned long pb_preempt_schedule_calls;
static volatile unsigned long pb_get_dev_pagemap_calls;
static volatile unsigned long pb_ubsan_calls;

void pfnbench_preempt_schedule(void)
{
	pb_preempt_schedule_calls++;
}

/*
 * The call target of preempt_enable()'s slow path: like the kernel's
 * preempt_schedule_thunk, it saves and restores every caller-saved
 * register, so that the call site in the asm clobbers nothing.
 */
__asm__(
	".text\n"
	".globl pfnbench_preempt_schedule_thunk\n"
	".type pfnbench_preempt_schedule_thunk, @function\n"
	"pfnbench_preempt_schedule_thunk:\n"
	"	push %rbp\n"
	"	mov %rsp, %rbp\n"
	"	and $-16, %rsp\n"
	"	push %rax\n	push %rcx\n	push %rdx\n	push %rsi\n"
	"	push %rdi\n	push %r8\n	push %r9\n	push %r10\n"
	"	push %r11\n	push %r11\n"
	"	call pfnbench_preempt_schedule\n"
	"	pop %r11\n	pop %r11\n	pop %r10\n	pop %r9\n"
	"	pop %r8\n	pop %rdi\n	pop %rsi\n	pop %rdx\n"
	"	pop %rcx\n	pop %rax\n"
	"	mov %rbp, %rsp\n"
	"	pop %rbp\n"
	"	ret\n"
	".size pfnbench_preempt_schedule_thunk, .-pfnbench_preempt_schedule_thunk\n");

PB_CALLED_FROM_KERNEL_TEXT
struct dev_pagemap *pfnbench_get_dev_pagemap(unsigned long pfn)
{
	pb_get_dev_pagemap_calls++;
	return NULL;
}

PB_CALLED_FROM_KERNEL_TEXT
void pfnbench_put_dev_pagemap(struct dev_pagemap *pgmap)
{
}

/*
 * Debian's 7.3 has CONFIG_UBSAN_BOUNDS and CONFIG_UBSAN_SHIFT without
 * CONFIG_UBSAN_TRAP: the kernel text is compiled with -fsanitize=bounds-strict
 * -fsanitize=shift, whose checks call these (lib/ubsan.c in the kernel).
 * They must never be called: a check counts the calls.
 */
PB_CALLED_FROM_KERNEL_TEXT
void __ubsan_handle_out_of_bounds(void *data, void *index)
{
	pb_ubsan_calls++;
}

PB_CALLED_FROM_KERNEL_TEXT
void __ubsan_handle_shift_out_of_bounds(void *data, void *lhs, void *rhs)
{
	pb_ubsan_calls++;
}

uint64_t pb_baseline_run_ext(int loop, int fn, uint64_t n, uint64_t seed,
			     unsigned long base, unsigned long mask);

/* ---- small helpers ---- */

PB_CALLED_FROM_KERNEL_TEXT
void pb_fail(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "pfnbench: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	exit(2);
}

static int verbose;
static unsigned long n_pass, n_fail;

static void check(int ok, const char *fmt, ...)
{
	va_list ap;

	if (ok)
		n_pass++;
	else
		n_fail++;
	if (ok && !verbose)
		return;
	printf("%s ", ok ? "PASS" : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static inline uint64_t rdtsc_ordered(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("lfence; rdtsc" : "=a" (lo), "=d" (hi) : : "memory");
	return ((uint64_t)hi << 32) | lo;
}

static uint64_t xorshift(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *s = x;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	double t[64];

	memcpy(t, v, n * sizeof(*v));
	qsort(t, n, sizeof(*t), cmp_double);
	return n & 1 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
}

static const char *fmt_size(unsigned long bytes, char *buf)
{
	if (bytes >= (1UL << 40) && !(bytes & ((1UL << 40) - 1)))
		sprintf(buf, "%luT", bytes >> 40);
	else
		sprintf(buf, "%luG", bytes >> 30);
	return buf;
}

static unsigned long parse_size(const char *s)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	switch (*end) {
	case 'G': case 'g': return v << 30;
	case 'T': case 't': return v << 40;
	}
	pb_fail("bad size %s (want e.g. 64G or 1T)", s);
}

/* ---- arenas: the kernel's memblock and slab, modelled as bump allocators ---- */

static int use_thp = 1;

struct pb_arena {
	const char *name;
	char *base;
	size_t size, used;
	int topdown;
};

PB_CALLED_FROM_KERNEL_TEXT
struct pb_arena *pb_arena_new(const char *name, size_t bytes, int topdown)
{
	struct pb_arena *a = calloc(1, sizeof(*a));
	const size_t huge = 2UL << 20;
	char *p;

	bytes = (bytes + huge - 1) & ~(huge - 1);
	p = mmap(NULL, bytes + huge, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		pb_fail("mmap %zu bytes: %s", bytes, strerror(errno));
	a->base = (char *)(((uintptr_t)p + huge - 1) & ~(huge - 1));
	if (use_thp)
		madvise(a->base, bytes, MADV_HUGEPAGE);
	a->name = name;
	a->size = bytes;
	a->topdown = topdown;
	return a;
}

PB_CALLED_FROM_KERNEL_TEXT
void *pb_arena_alloc(struct pb_arena *a, size_t size, size_t align)
{
	size_t off;

	if (!align || (align & (align - 1)))
		pb_fail("arena %s: alignment %zu is not a power of two", a->name, align);

	if (a->topdown) {
		if (a->used + size > a->size)
			pb_fail("arena %s full", a->name);
		off = (a->size - a->used - size) & ~(align - 1);
		a->used = a->size - off;
	} else {
		off = (a->used + align - 1) & ~(align - 1);
		if (off + size > a->size)
			pb_fail("arena %s full", a->name);
		a->used = off + size;
	}
	return a->base + off;
}

PB_CALLED_FROM_KERNEL_TEXT
void pb_arena_free(struct pb_arena *a)
{
	if (!a)
		return;
	munmap(a->base, a->size);
	free(a);
}

static unsigned long anon_huge_kb(void)
{
	FILE *f = fopen("/proc/self/smaps_rollup", "r");
	char line[256];
	unsigned long kb = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "AnonHugePages: %lu kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/* ---- designs ---- */

extern const struct pb_design *(*const __start_pfnbench_designs[])(void);
extern const struct pb_design *(*const __stop_pfnbench_designs[])(void);

#define MAX_DESIGNS 64
static const struct pb_design *designs[MAX_DESIGNS];
static int nd;
static int refd[MAX_DESIGNS];	/* the design each is compared with: first of its cfg */

/* ---- the reference answers ---- */

static int ref_valid(const struct pb_layout *L, unsigned long pfn)
{
	unsigned long nr;

	if (pfn >= PB_MAX_PFN)
		return 0;
	nr = pfn >> PB_PFN_SECTION_SHIFT;
	switch (pb_section_kind(L, nr)) {
	case PB_EARLY:
		return 1;	/* early sections: the whole section */
	case PB_DEVICE:
		return (pb_section_map(L, nr) >>
			((pfn & (PB_PAGES_PER_SECTION - 1)) / PB_PAGES_PER_SUBSECTION)) & 1;
	}
	return 0;
}

static int ref_online(const struct pb_layout *L, unsigned long pfn)
{
	unsigned long nr;

	if (pfn >= PB_MAX_PFN)
		return 0;
	nr = pfn >> PB_PFN_SECTION_SHIFT;
	if (pb_section_kind(L, nr) != PB_EARLY)
		return 0;	/* device sections are never online */
	return (pb_section_map(L, nr) >>
		((pfn & (PB_PAGES_PER_SECTION - 1)) / PB_PAGES_PER_SUBSECTION)) & 1;
}

/*
 * first_valid_pfn(pfn, end): the first valid pfn in [pfn, end), or, if
 * there is none, end (the kernel may return anything >= end then).  In
 * these maps validity is the same for all pfns of a sub-section.
 */
static unsigned long ref_first_valid(const struct pb_layout *L, unsigned long pfn,
				     unsigned long end)
{
	while (pfn < end && pfn < PB_MAX_PFN &&
	       (pfn >> PB_PFN_SECTION_SHIFT) < L->nr_sections) {
		if (ref_valid(L, pfn))
			return pfn;
		pfn = (pfn | (PB_PAGES_PER_SUBSECTION - 1)) + 1;
	}
	return end;
}

static void make_layout(struct pb_layout *L, unsigned long bytes)
{
	memset(L, 0, sizeof(*L));
	L->bytes = bytes;
	L->nr_sections = bytes >> PB_SECTION_SHIFT;
	L->early_sections = L->nr_sections / 2;
	L->hole_first = (3UL << 30) >> PB_SECTION_SHIFT;	/* 3 GiB .. 4 GiB */
	L->hole_count = (1UL << 30) >> PB_SECTION_SHIFT;
	L->partial_nr = L->hole_first - 1;			/* 2944 MiB .. 3072 MiB */
	L->partial_map = 0x00000000ffffffffULL;			/* RAM ends at 3008 MiB */
	L->nodes = 2;
	if (L->early_sections < L->hole_first + L->hole_count + 1)
		pb_fail("memory map too small (need more than 8 GiB)");
	if (bytes & (bytes - 1))
		pb_fail("memory map size must be a power of two");
	if (L->nr_sections > PB_NR_MEM_SECTIONS)
		pb_fail("memory map beyond 2^46 bytes");
}

/* ---- verification ---- */

static unsigned long verify_n = 1UL << 20;

/* pfn number i of the verification sample for map L */
static unsigned long sample_pfn(const struct pb_layout *L, uint64_t *s, unsigned long i)
{
	unsigned long pop = L->nr_sections << PB_PFN_SECTION_SHIFT;
	unsigned long r = xorshift(s), nr, k;

	switch (i & 7) {
	case 0:		/* anywhere in the 46-bit pfn space */
		return r & (PB_MAX_PFN - 1);
	case 1:		/* anywhere in the populated range */
	case 2:
		return r & (pop - 1);
	case 3:		/* section edges, in or just beyond the populated range */
		nr = (r >> 8) % (L->nr_sections + 64 < PB_NR_MEM_SECTIONS ?
				 L->nr_sections + 64 : PB_NR_MEM_SECTIONS);
		switch (r & 3) {
		case 0: return nr << PB_PFN_SECTION_SHIFT;
		case 1: return (nr << PB_PFN_SECTION_SHIFT) + PB_PAGES_PER_SECTION - 1;
		case 2: return nr ? (nr << PB_PFN_SECTION_SHIFT) - 1 : 0;
		default: return (nr << PB_PFN_SECTION_SHIFT) + 1;
		}
	case 4:		/* sub-section edges */
		nr = (r >> 8) % L->nr_sections;
		k = (r >> 2) & (PB_SUBSECTIONS - 1);
		return (nr << PB_PFN_SECTION_SHIFT) + k * PB_PAGES_PER_SUBSECTION +
		       ((r & 3) == 0 ? 0 : (r & 3) == 1 ? PB_PAGES_PER_SUBSECTION - 1 :
			(r & 3) == 2 ? (k ? -1UL : 0) : 1);
	case 5:		/* at and above 2^34 */
		return PB_MAX_PFN + (r & ((1UL << (r & 31)) - 1));
	case 6:		/* a valid-looking pfn with one upper bit (34..63) set */
		return (r & (pop - 1)) | (1UL << (34 + (r >> 58) % 30));
	default:	/* any 64-bit value, or one with bits 52..63 set */
		return (r & 1) ? r : ((r & (pop - 1)) | (~0UL << (52 + (r >> 60) % 12)));
	}
}

/* an end pfn for first_valid_pfn(pfn, end), from r: near or far */
static unsigned long sample_end(unsigned long pfn, unsigned long r)
{
	unsigned long len;

	switch ((r >> 40) & 7) {
	case 0: len = 0; break;
	case 1: len = 1 + (r & 15); break;
	case 2: len = 1 + (r & (PB_PAGES_PER_SUBSECTION - 1)); break;
	case 3: len = 1 + (r & (4 * PB_PAGES_PER_SUBSECTION - 1)); break;
	case 4: len = 1 + (r & (PB_PAGES_PER_SECTION - 1)); break;
	case 5: len = 1 + (r & (16 * PB_PAGES_PER_SECTION - 1)); break;
	default: return ~0UL;
	}
	return pfn + len < pfn ? ~0UL : pfn + len;
}

#define PB_WALK_MAX	(2 * PB_PAGES_PER_SECTION + 64)
static unsigned long walk_out[PB_WALK_MAX];

/*
 * for_each_valid_pfn() over windows of up to two sections: around the
 * interesting sections (the partial one, the hole, the early/device
 * boundary, the end of the map) and at random places.
 */
static void verify_walks(const struct pb_layout *L, const char *sz, const struct pb_design *D,
			 unsigned long nwin)
{
	const unsigned long S = PB_PAGES_PER_SECTION;
	const unsigned long marks[] = {
		0, L->partial_nr * S + 32 * PB_PAGES_PER_SUBSECTION - 3,
		L->hole_first * S - 5, (L->hole_first + L->hole_count) * S - 7,
		L->early_sections * S - 9, L->early_sections * S + PB_PAGES_PER_SUBSECTION - 1,
		(L->early_sections + 1) * S - 2 * PB_PAGES_PER_SUBSECTION - 1,
		L->nr_sections * S - 11, L->nr_sections * S + 1, PB_MAX_PFN - 3, ~0UL - 70,
	};
	uint64_t s = 0x6a09e667f3bcc909ULL;
	unsigned long bad = 0, first_bad = 0, pfns = 0;

	for (unsigned long w = 0; w < nwin; w++) {
		unsigned long r = xorshift(&s), start, end, n, k = 0, p;

		if (w < 2 * (sizeof(marks) / sizeof(marks[0])))
			start = marks[w / 2] - (w & 1 ? (r & (S - 1)) : 0);
		else if (w & 1)
			start = sample_pfn(L, &s, r & 7) & (PB_MAX_PFN - 1);
		else
			start = r % ((L->nr_sections + 2) * S);
		if (start > ~0UL - 2 * S)
			start = marks[sizeof(marks) / sizeof(marks[0]) - 1];
		end = start + 1 + ((r >> 20) % (2 * S));
		if (end < start)
			end = ~0UL;
		n = D->walk(start, end, walk_out, PB_WALK_MAX);
		pfns += n;
		/* the reference: every valid pfn of [start, end), in order */
		for (p = start; p < end && p >= start; p++)
			if (ref_valid(L, p)) {
				if (k >= n || k >= PB_WALK_MAX || walk_out[k] != p)
					break;
				k++;
			}
		if ((p < end && p >= start) || k != n) {
			if (!bad++)
				first_bad = start;
		}
	}
	check(!bad, "%s %s/%s: for_each_valid_pfn() = reference over %lu windows "
	      "(%lu pfns; %lu differ, first at start %#lx)", sz, D->label, D->cfg,
	      nwin, pfns, bad, first_bad);
}

static void verify(const struct pb_layout *L, const char *sz)
{
	static const unsigned long special[] = {
		0, 1, PB_MAX_PFN - 1, PB_MAX_PFN, PB_MAX_PFN + 1, ~0UL, ~0UL >> 1,
		1UL << 52, (1UL << 52) | 1, (1UL << 63), (1UL << 63) | 1,
		1UL << 40, (1UL << 40) - 1,
	};
	for (int d = 0; d < nd; d++) {
		const struct pb_design *D = designs[d];
		unsigned long bad_v = 0, bad_o = 0, n = 0, first_v = 0, first_o = 0;
		unsigned long bad_f = 0, first_f = 0, end_f = 0;
		uint64_t s = 0x9e3779b97f4a7c15ULL;
		int do_online = D->has_online, do_first = D->has_walk;

		pb_get_dev_pagemap_calls = 0;
#define ONE(pfn) do {							\
		unsigned long _p = (pfn);				\
		int _v = D->valid(_p), _rv = ref_valid(L, _p);		\
		if (_v != _rv && !bad_v++)				\
			first_v = _p;					\
		if (do_online) {					\
			int _o = D->online(_p), _ro = ref_online(L, _p);	\
			if (_o != _ro && !bad_o++)			\
				first_o = _p;				\
		}							\
		if (do_first) {						\
			unsigned long _e = sample_end(_p, _p * 0x9E3779B97F4A7C15ULL); \
			unsigned long _f = D->first_valid(_p, _e);	\
			unsigned long _rf = ref_first_valid(L, _p, _e);	\
			if ((_rf < _e ? _f != _rf : _f < _e) && !bad_f++) {	\
				first_f = _p;				\
				end_f = _e;				\
			}						\
		}							\
		n++;							\
	} while (0)
		for (unsigned long i = 0; i < sizeof(special) / sizeof(special[0]); i++)
			ONE(special[i]);
		for (unsigned long i = 0; i < verify_n; i++)
			ONE(sample_pfn(L, &s, i));
		/*
		 * Every sub-section of every section (first and last pfn) up to
		 * 64 sections past the end of the map, for maps of at most
		 * 1 TiB (8192 sections: 1M pfns); larger maps are sampled.
		 */
		if (L->nr_sections <= 8192) {
			unsigned long last = L->nr_sections + 64;

			for (unsigned long nr = 0; nr < last; nr++)
				for (unsigned long k = 0; k < PB_SUBSECTIONS; k++) {
					unsigned long p = (nr << PB_PFN_SECTION_SHIFT) +
							  k * PB_PAGES_PER_SUBSECTION;
					ONE(p);
					ONE(p + PB_PAGES_PER_SUBSECTION - 1);
				}
		}
#undef ONE
		check(!bad_v, "%s %s/%s: pfn_valid() = reference for %lu pfns "
		      "(%lu differ, first %#lx)", sz, D->label, D->cfg, n, bad_v, first_v);
		if (do_online)
			check(!bad_o, "%s %s/%s: pfn_to_online_page() = reference for %lu pfns "
			      "(%lu differ, first %#lx)", sz, D->label, D->cfg, n, bad_o, first_o);
		if (do_first) {
			check(!bad_f, "%s %s/%s: first_valid_pfn() = reference for %lu pfns "
			      "(%lu differ, first %#lx with end %#lx)", sz, D->label, D->cfg, n,
			      bad_f, first_f, end_f);
			verify_walks(L, sz, D, verify_n >> 12 > 64 ? verify_n >> 12 : 64);
		}
		check(pb_get_dev_pagemap_calls == 0, "%s %s/%s: get_dev_pagemap() never "
		      "called (%lu calls)", sz, D->label, D->cfg, pb_get_dev_pagemap_calls);
	}
}

/* ---- timing ---- */

struct pattern {
	const char *name;
	int loop, fn;
	int region;	/* 0: populated, 1: early half, 2: device half, 3: 2^34 pfn space */
};

static const struct pattern pb_patterns[] = {
	{ "rand-all",    PB_LOOP_RAND, PB_FN_VALID,  0 },
	{ "rand-early",  PB_LOOP_RAND, PB_FN_VALID,  1 },
	{ "rand-dev",    PB_LOOP_RAND, PB_FN_VALID,  2 },
	{ "rand-space",  PB_LOOP_RAND, PB_FN_VALID,  3 },
	{ "seq-early",   PB_LOOP_SEQ,  PB_FN_VALID,  1 },
	{ "seq-dev",     PB_LOOP_SEQ,  PB_FN_VALID,  2 },
	{ "online-rand", PB_LOOP_RAND, PB_FN_ONLINE, 0 },
};
#define NPAT (int)(sizeof(pb_patterns) / sizeof(pb_patterns[0]))
static int pat_on[NPAT];

#define MAX_REPS 64
static int reps = 7;
static double target_ms = 50;

struct result {
	int valid;
	uint64_t n;
	double ns[MAX_DESIGNS + 1], tick[MAX_DESIGNS + 1];	/* medians; [nd] = baseline */
	double ns_min[MAX_DESIGNS + 1], ns_max[MAX_DESIGNS + 1];
};

#define MAX_SIZES 8
static struct result results[MAX_SIZES][NPAT];
static struct pb_stats stats[MAX_SIZES][MAX_DESIGNS];
static unsigned long sizes[MAX_SIZES];
static int nsizes;

static void region(const struct pb_layout *L, int r, unsigned long *base, unsigned long *mask)
{
	unsigned long pop = L->nr_sections << PB_PFN_SECTION_SHIFT;

	switch (r) {
	case 0: *base = 0; *mask = pop - 1; break;
	case 1: *base = 0; *mask = pop / 2 - 1; break;
	case 2: *base = pop / 2; *mask = pop / 2 - 1; break;
	default: *base = 0; *mask = PB_MAX_PFN - 1; break;
	}
}

/* every loop's result ends up here, so no call can be optimised away */
static volatile uint64_t pb_sink;

static uint64_t run_one(int d, const struct pattern *P, uint64_t n, uint64_t seed,
			unsigned long base, unsigned long mask, double *ns, double *tick)
{
	uint64_t t0, t1, c0, c1, sum;

	t0 = now_ns();
	c0 = rdtsc_ordered();
	if (d == nd)
		sum = pb_baseline_run_ext(P->loop, P->fn, n, seed, base, mask);
	else
		sum = designs[d]->run(P->loop, P->fn, n, seed, base, mask);
	c1 = rdtsc_ordered();
	t1 = now_ns();
	pb_sink += sum;
	*ns = (double)(t1 - t0) / n;
	*tick = (double)(c1 - c0) / n;
	return sum;
}

static void bench(const struct pb_layout *L, int si, const char *sz)
{
	for (int p = 0; p < NPAT; p++) {
		const struct pattern *P = &pb_patterns[p];
		struct result *R = &results[si][p];
		double ns[MAX_DESIGNS + 1][MAX_REPS], tk[MAX_DESIGNS + 1][MAX_REPS];
		unsigned long base, mask;
		uint64_t n, sums[MAX_DESIGNS + 1];
		int sums_ok = 1, sum_rep = -1, sum_d = -1;
		double t, x;

		if (!pat_on[p])
			continue;
		if (P->region == 3 && L->nr_sections == PB_NR_MEM_SECTIONS)
			continue;	/* the same as rand-all */
		if (P->fn == PB_FN_ONLINE) {
			int all = 1;

			for (int d = 0; d < nd; d++)
				all &= designs[d]->has_online;
			if (!all)
				continue;
		}
		region(L, P->region, &base, &mask);

		/* calibrate on the first design: same call count for everyone */
		n = 1 << 16;
		for (;;) {
			run_one(0, P, n, 88172645463325252ULL, base, mask, &t, &x);
			if (t * n >= target_ms * 1e6 / 8 || n >= (1ULL << 34))
				break;
			n *= 4;
		}
		n = (uint64_t)(target_ms * 1e6 / t) + 1;

		for (int r = 0; r < reps; r++) {
			uint64_t seed = 0x2545F4914F6CDD1DULL * (uint64_t)(r + 1) +
					(uint64_t)p * 0x9E3779B97F4A7C15ULL + si;

			/* interleaved, in an order rotated every repetition */
			for (int k = 0; k <= nd; k++) {
				int d = (k + r) % (nd + 1);

				sums[d] = run_one(d, P, n, seed, base, mask, &ns[d][r], &tk[d][r]);
			}
			for (int d = 1; d < nd; d++)
				if (sums[d] != sums[0] && sums_ok) {
					sums_ok = 0;
					sum_rep = r;
					sum_d = d;
				}
		}
		check(sums_ok, "%s %s: all designs' timing loops returned the same "
		      "sum in every repetition%s%s%s", sz, P->name,
		      sums_ok ? "" : " (first difference: ",
		      sums_ok ? "" : designs[sum_d]->label,
		      sums_ok ? "" : (sum_rep >= 0 ? ")" : ")"));
		R->valid = 1;
		R->n = n;
		for (int d = 0; d <= nd; d++) {
			R->ns[d] = median(ns[d], reps);
			R->tick[d] = median(tk[d], reps);
			R->ns_min[d] = R->ns_max[d] = ns[d][0];
			for (int r = 1; r < reps; r++) {
				if (ns[d][r] < R->ns_min[d])
					R->ns_min[d] = ns[d][r];
				if (ns[d][r] > R->ns_max[d])
					R->ns_max[d] = ns[d][r];
			}
		}
		fprintf(stderr, "  %s %-11s n=%" PRIu64 " done\n", sz, P->name, n);
	}
}

/* ---- output ---- */

static void print_designs(void)
{
	printf("\n== designs (sizes in bytes; usage size = mem_section_usage_size(); "
	       "map = where subsection_map lives;\n   MAX_PHYSMEM_BITS = pgtable_l5_enabled() ? "
	       "52 : 46, chosen at boot: 46 here, a CPU running 4-level paging)\n");
	printf("%-8s %-4s %-12s %-12s %-9s %7s %7s %7s %7s %6s %6s %s\n",
	       "design", "cfg", "rev", "commit", "mmzone.h", "sizeof", "sizeof",
	       "usage", "kmalloc", "secs/", "roots", "map");
	printf("%-8s %-4s %-12s %-12s %-9s %7s %7s %7s %7s %6s %6s\n",
	       "", "", "", "", "lines", "mem_sec", "usage", "size", "(dev)", "root", "");
	for (int d = 0; d < nd; d++) {
		const struct pb_design *D = designs[d];

		printf("%-8s %-4s %-12.12s %-12.12s %-9s %7zu %7zu %7zu %7zu %6lu %6lu %s\n",
		       D->label, D->cfg, D->rev, D->commit, D->lines, D->sizeof_section,
		       D->sizeof_usage, D->usage_size, D->device_usage_alloc,
		       D->sections_per_root, D->nr_section_roots,
		       D->map_in_section ? "mem_section" : "mem_section_usage");
	}
}

static void print_meta(void)
{
	char b[32];

	printf("\n== sparsemem metadata allocated (KiB): root pointer array + roots "
	       "+ usage blocks (early: memblock, device: kmalloc size class)\n");
	printf("%-5s %-8s %-4s %9s %9s %9s %9s %10s\n", "size", "design", "cfg",
	       "root_arr", "roots", "use_early", "use_dev", "TOTAL");
	for (int s = 0; s < nsizes; s++)
		for (int d = 0; d < nd; d++) {
			struct pb_stats *S = &stats[s][d];

			printf("%-5s %-8s %-4s %9zu %9zu %9zu %9zu %10zu\n",
			       fmt_size(sizes[s], b), designs[d]->label, designs[d]->cfg,
			       S->root_array_bytes >> 10, S->root_bytes >> 10,
			       S->usage_early_bytes >> 10, S->usage_device_bytes >> 10,
			       S->total_bytes >> 10);
		}
}

static void print_results(void)
{
	char b[32];
	const char *cfgs[MAX_DESIGNS];
	int ncfg = 0, any = 0;

	for (int s = 0; s < nsizes; s++)
		for (int p = 0; p < NPAT; p++)
			any |= results[s][p].valid;
	if (!any)
		return;

	for (int d = 0; d < nd; d++) {
		int seen = 0;

		for (int c = 0; c < ncfg; c++)
			seen |= !strcmp(cfgs[c], designs[d]->cfg);
		if (!seen)
			cfgs[ncfg++] = designs[d]->cfg;
	}

	printf("\n== long format: median of %d repetitions, ns per call (CLOCK_MONOTONIC) "
	       "and TSC ticks per call;\n   min/max over the repetitions; net = ns - baseline ns; "
	       "ratio = ns / ns of the first design of the same cfg (same run);\n   netrat = the "
	       "same for net (nan if that design's net < 0.5 ns); minrat = the same for min\n", reps);
	printf("%-5s %-11s %-8s %-4s %11s %7s %7s %7s %7s %7s %6s %6s %6s\n", "size", "pattern",
	       "design", "cfg", "calls/rep", "ns", "min", "max", "ticks", "net", "ratio",
	       "netrat", "minrat");
	for (int s = 0; s < nsizes; s++)
		for (int p = 0; p < NPAT; p++) {
			struct result *R = &results[s][p];

			if (!R->valid)
				continue;
			printf("%-5s %-11s %-8s %-4s %11" PRIu64 " %7.2f %7.2f %7.2f %7.1f\n",
			       fmt_size(sizes[s], b), pb_patterns[p].name, "baseline", "-", R->n,
			       R->ns[nd], R->ns_min[nd], R->ns_max[nd], R->tick[nd]);
			for (int d = 0; d < nd; d++) {
				double net = R->ns[d] - R->ns[nd], rnet = R->ns[refd[d]] - R->ns[nd];

				printf("%-5s %-11s %-8s %-4s %11" PRIu64 " %7.2f %7.2f %7.2f %7.1f %7.2f %6.3f %6.3f %6.3f\n",
				       fmt_size(sizes[s], b), pb_patterns[p].name, designs[d]->label,
				       designs[d]->cfg, R->n, R->ns[d], R->ns_min[d], R->ns_max[d],
				       R->tick[d], net, R->ns[d] / R->ns[refd[d]],
				       rnet >= 0.5 ? net / rnet : NAN,
				       R->ns_min[d] / R->ns_min[refd[d]]);
			}
		}

	printf("\n== summary: ns/call (median; in brackets net of the baseline loop) "
	       "and ratio to %s of the same cfg\n", designs[0]->label);
	for (int c = 0; c < ncfg; c++) {
		printf("\n-- cfg %s (%s)\n", cfgs[c], !strcmp(cfgs[c], "pe") ?
		       "CONFIG_PAGE_EXTENSION=y, Debian's" : "CONFIG_PAGE_EXTENSION unset");
		printf("%-5s %-11s %6s", "size", "pattern", "base");
		for (int d = 0; d < nd; d++)
			if (!strcmp(designs[d]->cfg, cfgs[c]))
				printf(" | %-8s %13s %5s", designs[d]->label, "ns (net)", "ratio");
		printf("\n");
		for (int s = 0; s < nsizes; s++)
			for (int p = 0; p < NPAT; p++) {
				struct result *R = &results[s][p];

				if (!R->valid)
					continue;
				printf("%-5s %-11s %6.2f", fmt_size(sizes[s], b),
				       pb_patterns[p].name, R->ns[nd]);
				for (int d = 0; d < nd; d++) {
					char cell[64];

					if (strcmp(designs[d]->cfg, cfgs[c]))
						continue;
					snprintf(cell, sizeof(cell), "%.2f (%.2f)", R->ns[d],
						 R->ns[d] - R->ns[nd]);
					printf(" | %-8s %13s %5.2f", "", cell,
					       R->ns[d] / R->ns[refd[d]]);
				}
				printf("\n");
			}
	}
}

int main(int argc, char **argv)
{
	const char *size_arg = "64G,1T,64T", *pat_arg = "all";
	int cpu = -2;
	char b[32];

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "-s") && v) size_arg = v, i++;
		else if (!strcmp(a, "-r") && v) reps = atoi(v), i++;
		else if (!strcmp(a, "-t") && v) target_ms = atof(v), i++;
		else if (!strcmp(a, "-V") && v) verify_n = strtoul(v, NULL, 0), i++;
		else if (!strcmp(a, "-p") && v) pat_arg = v, i++;
		else if (!strcmp(a, "-c") && v) cpu = atoi(v), i++;
		else if (!strcmp(a, "--no-thp")) use_thp = 0;
		else if (!strcmp(a, "-v")) verbose = 1;
		else pb_fail("unknown argument %s (see the comment at the top of main.c)", a);
	}
	if (reps < 1 || reps > MAX_REPS)
		pb_fail("-r must be 1..%d", MAX_REPS);

	for (const char *s = size_arg; *s; ) {
		if (nsizes == MAX_SIZES)
			pb_fail("too many sizes");
		sizes[nsizes++] = parse_size(s);
		s = strchr(s, ',');
		if (!s)
			break;
		s++;
	}
	for (int p = 0; p < NPAT; p++)
		pat_on[p] = !strcmp(pat_arg, "all");
	if (strcmp(pat_arg, "all") && strcmp(pat_arg, "none")) {
		char *list = strdup(pat_arg), *save, *tok;

		for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			int found = 0;

			for (int p = 0; p < NPAT; p++)
				if (!strcmp(tok, pb_patterns[p].name))
					pat_on[p] = found = 1;
			if (!found)
				pb_fail("unknown pattern %s", tok);
		}
	}

	for (const struct pb_design *(*const *r)(void) = __start_pfnbench_designs;
	     r < __stop_pfnbench_designs; r++) {
		if (nd == MAX_DESIGNS)
			pb_fail("too many designs");
		designs[nd++] = (*r)();
	}
	if (!nd)
		pb_fail("no design linked in");
	for (int d = 0; d < nd; d++) {
		refd[d] = d;
		for (int e = 0; e < d; e++)
			if (!strcmp(designs[e]->cfg, designs[d]->cfg)) {
				refd[d] = e;
				break;
			}
	}

	if (cpu == -2)
		cpu = sched_getcpu();
	if (cpu >= 0) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set))
			pb_fail("sched_setaffinity(%d): %s", cpu, strerror(errno));
	}
	{
		uint64_t t0 = now_ns(), c0 = rdtsc_ordered(), t1, c1;

		do
			t1 = now_ns();
		while (t1 - t0 < 20000000);
		c1 = rdtsc_ordered();
		printf("pfnbench: %d designs, %d repetitions of >= %.0f ms, pinned to CPU %d, "
		       "TSC %.3f GHz, THP %s\n", nd, reps, target_ms, cpu,
		       (double)(c1 - c0) / (t1 - t0), use_thp ? "requested" : "off");
	}
	print_designs();

	for (int d = 0; d < nd; d++) {
		const struct pb_design *D = designs[d];
		size_t sz = D->sizeof_section;

		check(sz && !(sz & (sz - 1)), "%s/%s: sizeof(struct mem_section) = %zu is a "
		      "power of two", D->label, D->cfg, sz);
		check(D->sections_per_root * sz == 4096, "%s/%s: a root is one page "
		      "(%lu sections of %zu bytes)", D->label, D->cfg, D->sections_per_root, sz);
		check(D->nr_mem_sections == PB_NR_MEM_SECTIONS, "%s/%s: NR_MEM_SECTIONS = 2^19 "
		      "at run time (%lu)", D->label, D->cfg, D->nr_mem_sections);
		check(D->usage_size == D->usage_size_sum && D->usage_size == D->sizeof_usage + 64,
		      "%s/%s: mem_section_usage_size() = %zu = sizeof(struct mem_section_usage) "
		      "%zu + 64 bytes of pageblock flags", D->label, D->cfg, D->usage_size,
		      D->sizeof_usage);
	}

	for (int s = 0; s < nsizes; s++) {
		struct pb_layout L;
		const char *sz = fmt_size(sizes[s], b);
		uint64_t t0 = now_ns();

		make_layout(&L, sizes[s]);
		fprintf(stderr, "pfnbench: %s: %lu sections (%lu early incl. %lu absent, "
			"%lu device)\n", sz, L.nr_sections, L.early_sections, L.hole_count,
			L.nr_sections - L.early_sections);
		for (int d = 0; d < nd; d++) {
			const struct pb_design *D = designs[d];
			const struct pb_stats *S = &stats[s][d];

			D->build(&L, &stats[s][d]);
			/*
			 * 7.3's section flags: PRESENT 1, HAS_MEM_MAP 2, ONLINE 4,
			 * EARLY 8, TAINT_ZONE_DEVICE 16 (VMEMMAP_PREINIT 32),
			 * below the encoded memmap (vmemmap_base).
			 */
			check(S->section_mem_map_early == (vmemmap_base | 0xf) &&
			      S->section_mem_map_device == (vmemmap_base | 0x13),
			      "%s %s/%s: section_mem_map early %#lx, device %#lx", sz, D->label,
			      D->cfg, S->section_mem_map_early, S->section_mem_map_device);
			check(S->highest_present == L.nr_sections - 1, "%s %s/%s: "
			      "__highest_present_section_nr = %lu", sz, D->label, D->cfg,
			      S->highest_present);
		}
		fprintf(stderr, "pfnbench: %s: built in %.2f s, AnonHugePages %lu MiB\n", sz,
			(now_ns() - t0) / 1e9, anon_huge_kb() >> 10);
		t0 = now_ns();
		verify(&L, sz);
		fprintf(stderr, "pfnbench: %s: verified in %.2f s\n", sz, (now_ns() - t0) / 1e9);
		bench(&L, s, sz);
		for (int d = 0; d < nd; d++)
			designs[d]->teardown();
	}
	check(pb_preempt_schedule_calls == 0 &&
	      pfnbench_preempt_count == PB_PREEMPT_ENABLED,
	      "preempt count balanced and preempt_schedule() never called (%lu calls, "
	      "count %#lx)", pb_preempt_schedule_calls, pfnbench_preempt_count);
	check(pb_ubsan_calls == 0, "no UBSAN report (%lu __ubsan_handle_*() calls)",
	      pb_ubsan_calls);

	print_meta();
	print_results();
	printf("\npfnbench: %lu passed, %lu failed\n", n_pass, n_fail);
	return n_fail ? 1 : 0;
}
