/* SPDX-License-Identifier: GPL-2.0 */
/*
 * shim.h - just enough of the kernel's headers, for x86-64 with Debian's
 * 7.3 amd64 configuration, to compile the text that extract.py copies
 * verbatim out of include/linux/mmzone.h (#define PA_SECTION_SHIFT ... the
 * #endif of #ifndef CONFIG_HAVE_ARCH_PFN_VALID), mm/sparse.h
 * (sparse_init_one_section() ... mem_section_usage_size()) and
 * mm/memory_hotplug.c (pfn_to_online_page()).
 *
 * Every shim says what the kernel has.  Written for this benchmark; the
 * kernel files named are those of Linux 7.3 (build/patched/linux, tag
 * base).  The shims are 7.3's: revisions older than 7.3 are not modelled.
 *
 * Knobs (set by run.sh on the compiler command line):
 *   PFNBENCH_PAGE_EXTENSION=0|1  CONFIG_PAGE_EXTENSION (Debian amd64: y)
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
#ifndef PFNBENCH_TEST_BIT_PLAIN
#define PFNBENCH_TEST_BIT_PLAIN 0
#endif
#ifdef PFNBENCH_X86_5LEVEL
#error PFNBENCH_X86_5LEVEL: Linux 7.3 has no CONFIG_X86_5LEVEL (see MAX_PHYSMEM_BITS below)
#endif

/*
 * ---- Kconfig: the symbols of Debian's config-7.3 amd64 that matter ----
 * (/usr/src/linux-config-7.3/config.amd64_none_amd64.xz, package
 * linux-config-7.3).  extract.py reads the block between the two markers:
 * every CONFIG_ symbol that the copied kernel text tests must be defined
 * here or named on a "kconfig-unset:" line, and with --kconfig each one's
 * value here must be Debian's (a symbol defined under #if PFNBENCH_* is a
 * knob, built both ways, and is not compared).
 */
/* pfnbench-kconfig-begin */
#define CONFIG_64BIT			1
#define CONFIG_X86_64			1
#define CONFIG_SPARSEMEM		1
#define CONFIG_SPARSEMEM_EXTREME	1
#define CONFIG_SPARSEMEM_VMEMMAP	1
#define CONFIG_SPARSEMEM_VMEMMAP_PREINIT 1	/* adds SECTION_IS_VMEMMAP_PREINIT */
#define CONFIG_ZONE_DEVICE		1	/* adds SECTION_TAINT_ZONE_DEVICE */
#define CONFIG_MEMORY_HOTPLUG		1
#define CONFIG_MEMORY_HOTREMOVE		1
#define CONFIG_MEMORY_ISOLATION		1	/* adds PB_migrate_isolate */
#define CONFIG_HUGETLB_PAGE		1
#define CONFIG_PAGE_BLOCK_MAX_ORDER	10
#define CONFIG_PREEMPT_COUNT		1
#define CONFIG_PREEMPTION		1
#define CONFIG_PREEMPT_DYNAMIC		1
#define CONFIG_HAS_SEPARATE_PREEMPT_RESCHED_BITS 1
#define CONFIG_RANDOMIZE_MEMORY		1
#define CONFIG_UBSAN_BOUNDS		1	/* run.sh: -fsanitize=bounds-strict */
#define CONFIG_UBSAN_SHIFT		1	/* run.sh: -fsanitize=shift */
#if PFNBENCH_PAGE_EXTENSION
#define CONFIG_PAGE_EXTENSION		1
#endif
/*
 * kconfig-unset: CONFIG_HAVE_ARCH_PFN_VALID (x86: the generic pfn_valid())
 * kconfig-unset: CONFIG_ARCH_FORCE_MAX_ORDER (MAX_PAGE_ORDER 10)
 * kconfig-unset: CONFIG_HUGETLB_PAGE_SIZE_VARIABLE (pageblock_order a constant)
 * kconfig-unset: CONFIG_DEBUG_VM (VM_WARN_ON_ONCE() compiles to nothing)
 * kconfig-unset: CONFIG_DEBUG_PREEMPT (preempt_count_inc() is the raw add)
 * kconfig-unset: CONFIG_DEBUG_LOCK_ALLOC (no RCU lockdep in rcu_read_*_sched())
 * kconfig-unset: CONFIG_KASAN (test_bit() not instrumented)
 * kconfig-unset: CONFIG_KCSAN (test_bit() not instrumented)
 * kconfig-unset: CONFIG_UBSAN_TRAP (UBSAN reports through __ubsan_handle_*())
 */
/* pfnbench-kconfig-end */
/* There is no CONFIG_X86_5LEVEL in 7.3: see MAX_PHYSMEM_BITS below. */

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

/* ---- compiler.h / compiler_types.h / build_bug.h ---- */
/* kernel: include/linux/compiler.h, __builtin_expect(!!(x), 1 / 0) */
#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
/* kernel: include/linux/compiler_attributes.h */
#define __aligned(x)	__attribute__((__aligned__(x)))
#undef __always_inline
#define __always_inline	inline __attribute__((__always_inline__))
/*
 * kernel: include/linux/compiler_types.h, without CC_USING_HOTPATCH or
 * CC_USING_PATCHABLE_FUNCTION_ENTRY (x86: -DCC_USING_FENTRY only):
 *	#define notrace __attribute__((__no_instrument_function__))
 *	#define inline inline __gnu_inline __inline_maybe_unused notrace
 * so an inline function that the compiler emits out of line gets no
 * `call __fentry__`.  Every header included after this one gets it too,
 * as in the kernel.
 */
#define notrace		__attribute__((__no_instrument_function__))
#define inline		inline __attribute__((__gnu_inline__)) __attribute__((__unused__)) notrace
#define __inline__	inline
/* kernel: include/linux/compiler.h, barrier() is an empty asm with a memory clobber */
#define barrier()	__asm__ __volatile__("" : : : "memory")
/* sparse and context-analysis annotations: nothing for the compiler */
#define __acquire(x)	(void)0
#define __release(x)	(void)0
#define __rcu
#define __ref
#define __meminit
#define __init
#define __force
/*
 * kernel: include/linux/build_bug.h, BUILD_BUG_ON(c) is compiletime_assert(!(c), ...):
 * a compile-time error if c is true.  Here a C11 static assertion.
 */
#define BUILD_BUG_ON(condition)		_Static_assert(!(condition), "BUILD_BUG_ON failed: " #condition)
/* kernel: include/linux/build_bug.h, only type-checks e */
#define BUILD_BUG_ON_INVALID(e)		((void)(sizeof((__force long)(e))))
/* kernel: include/linux/mmdebug.h without CONFIG_DEBUG_VM */
#define VM_WARN_ON_ONCE(cond)		BUILD_BUG_ON_INVALID(cond)

/*
 * kernel: include/asm-generic/rwonce.h, READ_ONCE(x) is a load through a
 * `const volatile __unqual_scalar_typeof(x) *` (plus a compile-time type
 * check); WRITE_ONCE() a store through a `volatile typeof(x) *`.  Here
 * __typeof__ keeps x's qualifiers, which only changes the type of the
 * value, not the access.
 */
#define READ_ONCE(x)		(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val)	do { *(volatile __typeof__(x) *)&(x) = (val); } while (0)

/* ---- types.h, bits.h, math.h, bitmap.h, stddef.h, pfn.h, overflow.h ---- */
typedef uint64_t phys_addr_t;		/* CONFIG_PHYS_ADDR_T_64BIT */
#define BITS_PER_LONG		64
#define BITS_PER_BYTE		8
/* kernel: include/vdso/bits.h, BIT(nr) is (UL(1) << (nr)) */
#define BIT(nr)			(1UL << (nr))
/*
 * kernel: include/linux/bits.h, GENMASK(h, l) = GENMASK_TYPE(unsigned long, h, l):
 * type_max(t) << l & type_max(t) >> (BITS_PER_TYPE(t) - 1 - h), plus a
 * compile-time check of constant arguments (not modelled).
 */
#define GENMASK(h, l)		((~0UL << (l)) & (~0UL >> (BITS_PER_LONG - 1 - (h))))
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
/*
 * kernel: include/linux/overflow.h, struct_size_t(type, member, count) =
 * struct_size((type *)NULL, member, count), which for a constant count is
 * sizeof(type) + count * sizeof(member[0]) (size_add()/size_mul()
 * saturation only for a variable count), with a check that member is an
 * array (__must_be_array).
 */
#define __pb_must_be_array(a)	\
	(0 * sizeof(struct { int __pb:(1 - 2 * __builtin_types_compatible_p(__typeof__(a), __typeof__(&(a)[0]))); }))
#define struct_size_t(type, member, count)				\
	(sizeof(type) + (count) * sizeof(*((type *)NULL)->member) +	\
	 __pb_must_be_array(((type *)NULL)->member))

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
/* kernel: include/linux/mmzone.h, CONFIG_ARCH_FORCE_MAX_ORDER unset: 10 */
#define MAX_PAGE_ORDER		10
/* kernel: include/linux/mmzone.h, PAGE_BLOCK_MAX_ORDER = CONFIG_PAGE_BLOCK_MAX_ORDER */
#define PAGE_BLOCK_MAX_ORDER	CONFIG_PAGE_BLOCK_MAX_ORDER
/* kernel: arch/x86/include/asm/page_types.h, HUGETLB_PAGE_ORDER = HPAGE_SHIFT - PAGE_SHIFT = 9 */
#define HUGETLB_PAGE_ORDER	9
/* kernel: include/linux/pageblock-flags.h with CONFIG_HUGETLB_PAGE, no _SIZE_VARIABLE */
#define pageblock_order		MIN_T(unsigned int, HUGETLB_PAGE_ORDER, PAGE_BLOCK_MAX_ORDER)
/*
 * kernel: include/linux/pageblock-flags.h, enum pageblock_bits: 3
 * migratetype bits, PB_compact_skip and (CONFIG_MEMORY_ISOLATION)
 * PB_migrate_isolate: __NR_PAGEBLOCK_BITS = 5, and NR_PAGEBLOCK_BITS =
 * roundup_pow_of_two(__NR_PAGEBLOCK_BITS) = 8.  So SECTION_BLOCKFLAGS_BITS
 * = 64 pageblocks * 8 = 512 bits: 64 bytes of pageblock flags per section.
 */
#define __NR_PAGEBLOCK_BITS	5
#define NR_PAGEBLOCK_BITS	8
_Static_assert(NR_PAGEBLOCK_BITS >= __NR_PAGEBLOCK_BITS &&
	       NR_PAGEBLOCK_BITS / 2 < __NR_PAGEBLOCK_BITS &&
	       !(NR_PAGEBLOCK_BITS & (NR_PAGEBLOCK_BITS - 1)),
	       "NR_PAGEBLOCK_BITS = roundup_pow_of_two(__NR_PAGEBLOCK_BITS)");

/*
 * kernel (7.3): arch/x86/include/asm/sparsemem.h (64-bit):
 *	SECTION_SIZE_BITS 27, MAX_PHYSMEM_BITS (pgtable_l5_enabled() ? 52 : 46)
 * and include/linux/page-flags-layout.h:
 *	SECTIONS_SHIFT (MAX_PHYSMEM_BITS - SECTION_SIZE_BITS)
 *
 * 7.3 has no CONFIG_X86_5LEVEL: every x86-64 kernel supports 5-level
 * paging and chooses it at boot (when the CPU has LA57 and no "no5lvl").
 * pgtable_l5_enabled() is cpu_feature_enabled(X86_FEATURE_LA57)
 * (arch/x86/include/asm/pgtable_64_types.h), and LA57 is in no disabled-
 * feature mask, so that is _static_cpu_has() -> __static_cpu_has()
 * (arch/x86/include/asm/cpufeature.h): an `asm goto` whose
 * ALTERNATIVE_TERNARY is patched at boot.  On a CPU running 4-level
 * paging the patched instruction is an unconditional `jmp` to the "no"
 * label, so the compiler emits both arms and the CPU always takes the
 * 46-bit one.  That is modelled here literally: an asm goto holding `jmp`
 * to the "no" label (the kernel's post-patch text; no code patching
 * needed).  The 52-bit arm (NR_MEM_SECTIONS 2^25, a 5-level CPU) is
 * compiled but never run.
 */
#define SECTION_SIZE_BITS	27
static __always_inline bool pfnbench_pgtable_l5_enabled(void)
{
	__asm__ goto("jmp %l[t_no]" : : : : t_no);
	return true;
t_no:
	return false;
}
#define pgtable_l5_enabled()	pfnbench_pgtable_l5_enabled()
#define MAX_PHYSMEM_BITS	(pgtable_l5_enabled() ? 52 : 46)
#define SECTIONS_SHIFT		(MAX_PHYSMEM_BITS - SECTION_SIZE_BITS)
/* The value at run time on this model (4-level paging): for the driver */
#define PFNBENCH_MAX_PHYSMEM_BITS 46

/*
 * ---- test_bit(), find_next_bit(), __ffs() ----
 * kernel: include/linux/bitops.h test_bit() -> bitop(_test_bit, ...) ->
 * (the const_ variant only when the bitmap itself is a compile-time
 * constant; no KASAN/KCSAN instrumentation in Debian's build)
 * arch_test_bit() in arch/x86/include/asm/bitops.h, which for a
 * non-constant bit number is variable_test_bit():
 *	asm volatile("btq %2,%1" CC_SET(c) : CC_OUT(c) (oldbit)
 *		     : "m" (*(unsigned long *)addr), "Ir" (nr) : "memory");
 * i.e. a `bt` with a memory operand (and a compiler barrier), not a plain
 * load.  The same here, written for this file.  For a constant bit number
 * the kernel uses a plain C load and shift (constant_test_bit()).
 * test_bit_acquire() -> arch_test_bit_acquire(): the same `bt` for a
 * variable bit number (a load on x86 is already an acquire; the memory
 * clobber is the compiler barrier) and a `testb` for a constant one.
 * PFNBENCH_TEST_BIT_PLAIN=1 replaces both by the plain C load and shift of
 * the generic (non-x86) code, for comparison only.
 */
static __always_inline bool pfnbench_const_test_bit(unsigned long nr, const volatile unsigned long *addr)
{
	return ((1UL << (nr & (BITS_PER_LONG - 1))) & (addr[nr >> 6])) != 0;
}

#if PFNBENCH_TEST_BIT_PLAIN
#define pfnbench_var_test_bit(nr, addr)	pfnbench_const_test_bit(nr, addr)
#define pfnbench_var_test_bit_acquire(nr, addr) \
	({ bool __b = pfnbench_const_test_bit(nr, addr); barrier(); __b; })
#else
static __always_inline bool pfnbench_var_test_bit(unsigned long nr, const volatile unsigned long *addr)
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

static __always_inline bool pfnbench_const_test_bit_acquire(unsigned long nr, const volatile unsigned long *addr)
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
 * kernel: arch/x86/include/asm/bitops.h, __ffs(word) is __builtin_ctzl()
 * for a constant word, else variable__ffs(): asm("tzcnt %1,%0" : "=r"
 * (word) : ASM_INPUT_RM (word)), ASM_INPUT_RM being "rm" with gcc.
 */
static __always_inline unsigned long pfnbench_variable__ffs(unsigned long word)
{
	__asm__("tzcnt %1,%0" : "=r" (word) : "rm" (word));
	return word;
}
#define __ffs(word)						\
	(__builtin_constant_p(word) ?				\
	 (unsigned long)__builtin_ctzl(word) :			\
	 pfnbench_variable__ffs(word))

/*
 * kernel: include/linux/find.h find_next_bit(): for a constant size of at
 * most BITS_PER_LONG (small_const_nbits()) an inline mask of the first
 * word and __ffs(); otherwise the out-of-line _find_next_bit() of
 * lib/find_bit.c.  Every caller here passes SUBSECTIONS_PER_SECTION (64):
 * the out-of-line function is declared and never defined, so a call to it
 * that the compiler did not eliminate fails the link.
 */
unsigned long pfnbench_find_next_bit_not_modelled(const unsigned long *addr,
						  unsigned long nbits,
						  unsigned long start);
#define small_const_nbits(nbits) \
	(__builtin_constant_p(nbits) && (nbits) <= BITS_PER_LONG && (nbits) > 0)
static __always_inline
unsigned long find_next_bit(const unsigned long *addr, unsigned long size,
			    unsigned long offset)
{
	if (small_const_nbits(size)) {
		unsigned long val;

		if (unlikely(offset >= size))
			return size;

		val = *addr & GENMASK(size - 1, offset);
		return val ? __ffs(val) : size;
	}

	return pfnbench_find_next_bit_not_modelled(addr, size, offset);
}

/*
 * ---- preemption and RCU-sched ----
 * kernel: include/linux/rcupdate.h
 *	rcu_read_lock_sched():   preempt_disable(); __acquire_shared(); rcu_lock_acquire();
 *	                         RCU_LOCKDEP_WARN()   (the last two are empty
 *	                         without CONFIG_DEBUG_LOCK_ALLOC, as in Debian)
 *	rcu_read_unlock_sched(): RCU_LOCKDEP_WARN(); rcu_lock_release(); __release_shared();
 *	                         preempt_enable()
 * include/linux/preempt.h with CONFIG_PREEMPT_COUNT=y, CONFIG_PREEMPTION=y:
 *	preempt_disable(): preempt_count_inc(); barrier();
 *	preempt_enable():  barrier();
 *	                   if (unlikely(preempt_count_dec_and_test()))
 *	                           __preempt_schedule();
 * arch/x86/include/asm/preempt.h (7.3): the per-CPU word is
 *	DECLARE_PER_CPU_CACHE_HOT(unsigned long, __preempt_count), and with
 *	CONFIG_HAS_SEPARATE_PREEMPT_RESCHED_BITS (x86-64) it is accessed as 8
 *	bytes: preempt_count_inc() -> raw_cpu_add_8(__preempt_count, 1),
 *	which percpu_add_op() emits as one `incq %gs:__preempt_count`;
 *	__preempt_count_dec_and_test() -> `decq %gs:...` then `je`: x86 keeps
 *	an inverted PREEMPT_NEED_RESCHED bit (bit 63) in the same word, so
 *	"reached zero" means "count 0 and a reschedule is needed";
 *	__preempt_schedule() with CONFIG_PREEMPT_DYNAMIC -> asm volatile("call
 *	__SCT__preempt_schedule"), a static call to preempt_schedule_thunk,
 *	which saves all registers itself, so the call site clobbers none.
 * Model: the per-CPU word is a __thread unsigned long (local-exec:
 * `%fs:x@tpoff`, one fs-relative instruction like the kernel's gs-relative
 * one), starting at PREEMPT_ENABLED = 1UL << 63; incq/decq are the same
 * instructions; the out-of-line call goes to an assembly thunk in main.c
 * that saves the caller-saved registers and counts calls (it must stay at 0).
 */
#define PREEMPT_NEED_RESCHED	(~(((unsigned long)-1L) >> 1))
extern __thread unsigned long pfnbench_preempt_count
	__attribute__((tls_model("local-exec")));

static __always_inline void preempt_disable(void)
{
	__asm__("incq %0" : "+m" (pfnbench_preempt_count));
	barrier();
}

static __always_inline void preempt_enable(void)
{
	bool zero;

	barrier();
	__asm__ __volatile__("decq %[var]"
			     : [var] "+m" (pfnbench_preempt_count), "=@cce" (zero)
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
 * kernel: Debian has CONFIG_RANDOMIZE_MEMORY=y, so VMEMMAP_START is the
 * variable vmemmap_base (arch/x86/include/asm/pgtable_64_types.h, a
 * load), and include/asm-generic/memory_model.h with SPARSEMEM_VMEMMAP
 * has __pfn_to_page(pfn) = (vmemmap + (pfn)).
 */
extern unsigned long vmemmap_base;
#define VMEMMAP_START		vmemmap_base
#define vmemmap			((struct page *)VMEMMAP_START)
#define pfn_to_page(pfn)	(vmemmap + (pfn))
/*
 * kernel (7.3): struct dev_pagemap *get_dev_pagemap(unsigned long pfn) is
 * an out-of-line function (mm/memremap.c); put_dev_pagemap() is inline:
 * if (pgmap) percpu_ref_put(&pgmap->ref).  Only reached for sections that
 * are both online and ZONE_DEVICE-tainted, which this benchmark's memory
 * maps do not have: the stubs count calls.
 */
struct dev_pagemap;
struct dev_pagemap *pfnbench_get_dev_pagemap(unsigned long pfn);
void pfnbench_put_dev_pagemap(struct dev_pagemap *pgmap);
#define get_dev_pagemap(pfn)	pfnbench_get_dev_pagemap(pfn)
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
