/* SPDX-License-Identifier: GPL-2.0 */
/*
 * shim.h - just enough of the kernel's headers, for x86-64 with Debian's
 * 6.12 amd64 configuration, to compile the text that extract.py copies
 * verbatim out of include/linux/mmzone.h (#define PA_SECTION_SHIFT ...
 * pfn_valid()) and mm/memory_hotplug.c (pfn_to_online_page()).
 *
 * Every shim says what the kernel has.  Written for this benchmark; the
 * kernel files named are those of the tree the extraction reads (build/patched/linux).
 *
 * Knobs (set by run.sh on the compiler command line):
 *   PFNBENCH_PAGE_EXTENSION=0|1  CONFIG_PAGE_EXTENSION (Debian amd64: y)
 *   PFNBENCH_X86_5LEVEL=0|1      CONFIG_X86_5LEVEL (Debian amd64: y), see
 *                                MAX_PHYSMEM_BITS below
 *   PFNBENCH_TEST_BIT_PLAIN=0|1  1: test_bit() as a plain C load/shift
 *                                instead of x86's `bt` (default 0)
 */
#ifndef PFNBENCH_SHIM_H
#define PFNBENCH_SHIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef PFNBENCH_PAGE_EXTENSION
#define PFNBENCH_PAGE_EXTENSION 1
#endif
#ifndef PFNBENCH_X86_5LEVEL
#define PFNBENCH_X86_5LEVEL 1
#endif
#ifndef PFNBENCH_TEST_BIT_PLAIN
#define PFNBENCH_TEST_BIT_PLAIN 0
#endif

/* ---- Kconfig: the symbols of Debian's config-6.12 amd64 that matter ---- */
/* (checked against build/stock/out-debian-distro/.config, 6.12.117) */
#define CONFIG_64BIT			1
#define CONFIG_X86_64			1
#define CONFIG_SPARSEMEM		1
#define CONFIG_SPARSEMEM_EXTREME	1
#define CONFIG_SPARSEMEM_VMEMMAP	1
#define CONFIG_ZONE_DEVICE		1	/* adds SECTION_TAINT_ZONE_DEVICE */
#define CONFIG_MEMORY_HOTPLUG		1
#define CONFIG_MEMORY_HOTREMOVE		1
#define CONFIG_HUGETLB_PAGE		1
#define CONFIG_PREEMPT_COUNT		1
#define CONFIG_PREEMPTION		1
#define CONFIG_PREEMPT_DYNAMIC		1
#if PFNBENCH_PAGE_EXTENSION
#define CONFIG_PAGE_EXTENSION		1
#endif
#if PFNBENCH_X86_5LEVEL
#define CONFIG_X86_5LEVEL		1
#endif
/* Not set on x86: CONFIG_HAVE_ARCH_PFN_VALID (so the generic pfn_valid()). */

/*
 * IS_ENABLED(CONFIG_FOO): 1 if CONFIG_FOO is defined as 1, else 0, usable
 * both in #if and in C expressions.  The kernel (include/linux/kconfig.h)
 * does this with the same preprocessor device: pasting the option's value
 * onto a prefix that only exists for "1" and picking an argument.
 */
#define __pb_placeholder_1			0,
#define __pb_second(ignored, val, ...)		val
#define __pb_defined3(junk_or_zero)		__pb_second(junk_or_zero 1, 0)
#define __pb_defined2(val)			__pb_defined3(__pb_placeholder_##val)
#define __pb_defined(x)				__pb_defined2(x)
#define IS_ENABLED(option)			__pb_defined(option)

/* ---- compiler.h / compiler_types.h ---- */
/* kernel: include/linux/compiler.h, __builtin_expect(!!(x), 1 / 0) */
#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
/* kernel: include/linux/compiler_attributes.h */
#define __aligned(x)	__attribute__((__aligned__(x)))
#undef __always_inline
#define __always_inline	inline __attribute__((__always_inline__))
/* kernel: include/linux/compiler.h, barrier() is an empty asm with a memory clobber */
#define barrier()	__asm__ __volatile__("" : : : "memory")
/* sparse annotations: nothing for the compiler */
#define __acquire(x)	(void)0
#define __release(x)	(void)0
#define __rcu
#define __ref
#define __meminit
#define __init

/*
 * kernel: include/asm-generic/rwonce.h, READ_ONCE(x) is a load through a
 * `const volatile __unqual_scalar_typeof(x) *` (plus a compile-time type
 * check); WRITE_ONCE() a store through a `volatile typeof(x) *`.  Here
 * __typeof__ keeps x's qualifiers, which only changes the type of the
 * value, not the access.
 */
#define READ_ONCE(x)		(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val)	do { *(volatile __typeof__(x) *)&(x) = (val); } while (0)

/* ---- types.h, bits.h, math.h, bitmap.h, stddef.h, pfn.h ---- */
typedef uint64_t phys_addr_t;		/* CONFIG_PHYS_ADDR_T_64BIT */
#define BITS_PER_LONG		64
#define BITS_PER_BYTE		8
/* kernel: include/vdso/bits.h, BIT(nr) is (UL(1) << (nr)) */
#define BIT(nr)			(1UL << (nr))
/* kernel: include/linux/math.h */
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
/* kernel: include/linux/align.h, ALIGN(x, a) rounds up to a power of two */
#define ALIGN(x, a)		(((x) + ((__typeof__(x))(a) - 1)) & ~((__typeof__(x))(a) - 1))
/* kernel: include/linux/minmax.h, MIN_T(type, a, b) for constant expressions */
#define MIN_T(type, a, b)	((type)(a) < (type)(b) ? (type)(a) : (type)(b))
/* kernel: include/linux/bitops.h, BITS_TO_LONGS(nr) = __KERNEL_DIV_ROUND_UP(nr, BITS_PER_TYPE(long)) */
#define BITS_TO_LONGS(nr)	DIV_ROUND_UP(nr, BITS_PER_BYTE * sizeof(long))
/* kernel: include/linux/types.h, DECLARE_BITMAP is an array of unsigned long */
#define DECLARE_BITMAP(name, bits)	unsigned long name[BITS_TO_LONGS(bits)]
/*
 * kernel: include/uapi/linux/stddef.h, __DECLARE_FLEX_ARRAY wraps the
 * flexible array in an anonymous struct that also holds an empty struct,
 * so it may stand alone in a struct (GNU C: sizeof the wrapper is 0).
 */
#define DECLARE_FLEX_ARRAY(TYPE, NAME)		\
	struct {				\
		struct { } __pb_empty_##NAME;	\
		TYPE NAME[];			\
	}
/* kernel: include/linux/pfn.h */
#define PFN_PHYS(x)	((phys_addr_t)(x) << PAGE_SHIFT)
#define PHYS_PFN(x)	((unsigned long)((x) >> PAGE_SHIFT))

/* kernel: include/linux/types.h, struct callback_head aka rcu_head: 16 bytes */
struct callback_head {
	struct callback_head *next;
	void (*func)(struct callback_head *head);
} __attribute__((aligned(sizeof(void *))));
#define rcu_head callback_head

/* ---- x86-64 page and sparsemem geometry ---- */
/* kernel: arch/x86/include/asm/page_types.h, 4K pages */
#define PAGE_SHIFT		12
#define PAGE_SIZE		(1UL << PAGE_SHIFT)
/* kernel: Debian config CONFIG_ARCH_FORCE_MAX_ORDER unset -> include/linux/mmzone.h default 10 */
#define MAX_PAGE_ORDER		10
/* kernel: arch/x86/include/asm/page_types.h, HUGETLB_PAGE_ORDER = HPAGE_SHIFT - PAGE_SHIFT = 9 */
#define HUGETLB_PAGE_ORDER	9
/* kernel: include/linux/pageblock-flags.h with CONFIG_HUGETLB_PAGE, no _SIZE_VARIABLE */
#define pageblock_order		MIN_T(unsigned int, HUGETLB_PAGE_ORDER, MAX_PAGE_ORDER)
/* kernel: include/linux/pageblock-flags.h, enum pageblock_bits: 3 migratetype bits + skip */
#define NR_PAGEBLOCK_BITS	4

/*
 * kernel: arch/x86/include/asm/sparsemem.h (64-bit):
 *	SECTION_SIZE_BITS 27, MAX_PHYSMEM_BITS (pgtable_l5_enabled() ? 52 : 46)
 * and include/linux/page-flags-layout.h:
 *	SECTIONS_SHIFT (MAX_PHYSMEM_BITS - SECTION_SIZE_BITS)
 *
 * With CONFIG_X86_5LEVEL=y (Debian) pgtable_l5_enabled() is
 * cpu_feature_enabled(X86_FEATURE_LA57) (arch/x86/include/asm/
 * pgtable_64_types.h), i.e. static_cpu_has(): an `asm goto` whose
 * alternative is patched at boot.  On a CPU running 4-level paging the
 * patched instruction is an unconditional `jmp` to the "no" label, so
 * the compiler emits both arms and the CPU always takes the 46-bit one.
 * That is modelled here literally: an asm goto holding `jmp` to the "no"
 * label (the kernel's post-patch text; no code patching needed).  With
 * PFNBENCH_X86_5LEVEL=0, MAX_PHYSMEM_BITS is the constant 46, as a
 * kernel built with CONFIG_X86_5LEVEL=n would have it.
 */
#define SECTION_SIZE_BITS	27
#if PFNBENCH_X86_5LEVEL
static __always_inline bool pfnbench_pgtable_l5_enabled(void)
{
	__asm__ goto("jmp %l[t_no]" : : : : t_no);
	return true;
t_no:
	return false;
}
#define pgtable_l5_enabled()	pfnbench_pgtable_l5_enabled()
#define MAX_PHYSMEM_BITS	(pgtable_l5_enabled() ? 52 : 46)
#else
#define MAX_PHYSMEM_BITS	46
#endif
#define SECTIONS_SHIFT		(MAX_PHYSMEM_BITS - SECTION_SIZE_BITS)
/* The value at run time on this model (4-level paging): for the driver */
#define PFNBENCH_MAX_PHYSMEM_BITS 46

/*
 * ---- test_bit() ----
 * kernel: include/linux/bitops.h test_bit() -> bitop(_test_bit, ...) ->
 * (no KASAN/KCSAN instrumentation in Debian's build) arch_test_bit() in
 * arch/x86/include/asm/bitops.h, which for a non-constant bit number is
 * variable_test_bit():
 *	asm volatile("btq %2,%1" CC_SET(c) : CC_OUT(c) (oldbit)
 *		     : "m" (*(unsigned long *)addr), "Ir" (nr) : "memory");
 * i.e. a `bt` with a memory operand (and a compiler barrier), not a plain
 * load.  The same here, written for this file.  For a constant bit number
 * the kernel uses a plain C load and shift (constant_test_bit()).
 * test_bit_acquire(): x86 has the same `bt` for a variable bit number (a
 * load on x86 is already an acquire; the memory clobber is the compiler
 * barrier) and a `testb` for a constant one.
 * PFNBENCH_TEST_BIT_PLAIN=1 replaces both by the plain C load and shift of
 * the generic (non-x86) code, for comparison only.
 */
static __always_inline bool pfnbench_const_test_bit(long nr, const volatile unsigned long *addr)
{
	return ((1UL << (nr & (BITS_PER_LONG - 1))) & (addr[nr / BITS_PER_LONG])) != 0;
}

#if PFNBENCH_TEST_BIT_PLAIN
#define pfnbench_var_test_bit(nr, addr)	pfnbench_const_test_bit(nr, addr)
#define pfnbench_var_test_bit_acquire(nr, addr) \
	({ bool __b = pfnbench_const_test_bit(nr, addr); barrier(); __b; })
#else
static __always_inline bool pfnbench_var_test_bit(long nr, const volatile unsigned long *addr)
{
	bool oldbit;

	__asm__ __volatile__("btq %2,%1"
			     : "=@ccc" (oldbit)
			     : "m" (*(unsigned long *)addr), "Ir" (nr)
			     : "memory");
	return oldbit;
}
#define pfnbench_var_test_bit_acquire(nr, addr)	pfnbench_var_test_bit(nr, addr)
#endif

static __always_inline bool pfnbench_const_test_bit_acquire(long nr, const volatile unsigned long *addr)
{
	bool oldbit;

	__asm__ __volatile__("testb %2,%1"
			     : "=@ccnz" (oldbit)
			     : "m" (((unsigned char *)addr)[nr >> 3]), "i" (1 << (nr & 7))
			     : "memory");
	return oldbit;
}

#define test_bit(nr, addr)						\
	(__builtin_constant_p(nr) ?					\
	 pfnbench_const_test_bit((nr), (const volatile unsigned long *)(addr)) : \
	 pfnbench_var_test_bit((nr), (const volatile unsigned long *)(addr)))
#define test_bit_acquire(nr, addr)					\
	(__builtin_constant_p(nr) ?					\
	 pfnbench_const_test_bit_acquire((nr), (const volatile unsigned long *)(addr)) : \
	 pfnbench_var_test_bit_acquire((nr), (const volatile unsigned long *)(addr)))

/*
 * ---- preemption and RCU-sched ----
 * kernel: include/linux/rcupdate.h
 *	rcu_read_lock_sched():   preempt_disable(); __acquire(); rcu_lock_acquire();
 *	                         RCU_LOCKDEP_WARN()   (the last two are empty
 *	                         without CONFIG_DEBUG_LOCK_ALLOC, as in Debian)
 *	rcu_read_unlock_sched(): RCU_LOCKDEP_WARN(); rcu_lock_release(); __release();
 *	                         preempt_enable()
 * include/linux/preempt.h with CONFIG_PREEMPT_COUNT=y, CONFIG_PREEMPTION=y:
 *	preempt_disable(): preempt_count_inc(); barrier();
 *	preempt_enable():  barrier();
 *	                   if (unlikely(preempt_count_dec_and_test()))
 *	                           __preempt_schedule();
 * arch/x86/include/asm/preempt.h:
 *	preempt_count_inc() -> raw_cpu_add_4(pcpu_hot.preempt_count, 1), which
 *	  the percpu code emits as one `incl %gs:pcpu_hot+off`;
 *	__preempt_count_dec_and_test() -> `decl %gs:...` then `je`: x86 keeps
 *	  an inverted PREEMPT_NEED_RESCHED (0x80000000) bit in the same word,
 *	  so "reached zero" means "count 0 and a reschedule is needed";
 *	__preempt_schedule() with CONFIG_PREEMPT_DYNAMIC -> asm volatile("call
 *	  __SCT__preempt_schedule"), a static call to preempt_schedule_thunk,
 *	  which saves all registers itself, so the call site clobbers none.
 * Model: the per-CPU word is a __thread int (local-exec: `%fs:x@tpoff`,
 * one fs-relative instruction like the kernel's gs-relative one), starting
 * at PREEMPT_ENABLED = 0x80000000; incl/decl are the same instructions;
 * the out-of-line call goes to an assembly thunk in main.c that saves the
 * caller-saved registers and counts calls (it must stay at 0).
 */
#define PREEMPT_NEED_RESCHED	0x80000000u
extern __thread unsigned int pfnbench_preempt_count
	__attribute__((tls_model("local-exec")));

static __always_inline void preempt_disable(void)
{
	__asm__("incl %0" : "+m" (pfnbench_preempt_count));
	barrier();
}

static __always_inline void preempt_enable(void)
{
	bool zero;

	barrier();
	__asm__ __volatile__("decl %[var]"
			     : "=@cce" (zero), [var] "+m" (pfnbench_preempt_count)
			     : : "memory");
	if (unlikely(zero)) {
		register unsigned long __pb_sp __asm__("rsp");
		__asm__ __volatile__("call pfnbench_preempt_schedule_thunk"
				     : "+r" (__pb_sp) : : "memory");
	}
}

static __always_inline void rcu_read_lock_sched(void)
{
	preempt_disable();
}

static __always_inline void rcu_read_unlock_sched(void)
{
	preempt_enable();
}

/* ---- what pfn_to_online_page() needs ---- */
/*
 * kernel: struct page is 64 bytes on x86-64; only pointer arithmetic is
 * done here (pfn_to_page()), never a dereference.
 */
struct page {
	unsigned long __pb_words[8];
};
_Static_assert(sizeof(struct page) == 64, "struct page is 64 bytes on x86-64");
/*
 * kernel: Debian has CONFIG_RANDOMIZE_MEMORY=y (DYNAMIC_MEMORY_LAYOUT), so
 * VMEMMAP_START is the variable vmemmap_base (arch/x86/include/asm/
 * pgtable_64_types.h, a load), and include/asm-generic/memory_model.h
 * with SPARSEMEM_VMEMMAP has __pfn_to_page(pfn) = (vmemmap + (pfn)).
 */
extern unsigned long vmemmap_base;
#define VMEMMAP_START		vmemmap_base
#define vmemmap			((struct page *)VMEMMAP_START)
#define pfn_to_page(pfn)	(vmemmap + (pfn))
/*
 * kernel: get_dev_pagemap() is an out-of-line function (mm/memremap.c);
 * put_dev_pagemap() is inline: if (pgmap) percpu_ref_put(&pgmap->ref).
 * Only reached for sections that are both online and ZONE_DEVICE-tainted,
 * which this benchmark's memory maps do not have: the stubs count calls.
 */
struct dev_pagemap;
struct dev_pagemap *pfnbench_get_dev_pagemap(unsigned long pfn, struct dev_pagemap *pgmap);
void pfnbench_put_dev_pagemap(struct dev_pagemap *pgmap);
#define get_dev_pagemap(pfn, pgmap)	pfnbench_get_dev_pagemap(pfn, pgmap)
static inline void put_dev_pagemap(struct dev_pagemap *pgmap)
{
	if (pgmap)
		pfnbench_put_dev_pagemap(pgmap);
}
/*
 * pfn_to_online_page() is a global, exported function in the kernel,
 * called out of line from other translation units: keep the compiler from
 * inlining it into the benchmark loop or from specialising its calls.
 */
struct page *pfn_to_online_page(unsigned long pfn) __attribute__((__noipa__));

#endif /* PFNBENCH_SHIM_H */
