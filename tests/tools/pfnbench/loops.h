/* SPDX-License-Identifier: GPL-2.0 */
/*
 * loops.h - the timing loops, included by design.c (calling the kernel
 * code) and by baseline.c (calling an empty function), so that both are
 * compiled from the same text with the same flags.
 *
 * PB_LOOPS(prefix, valid_fn, online_fn) defines
 *	uint64_t prefix_run(int loop, int fn, uint64_t n, uint64_t seed,
 *			    unsigned long base, unsigned long mask)
 * which calls valid_fn or online_fn (int f(unsigned long pfn), out of
 * line) n times and returns the sum of the results:
 *	PB_LOOP_RAND: pfn = base + (x & mask), x a xorshift64 state advanced
 *	              every call (computed in registers: no pfn array);
 *	PB_LOOP_SEQ:  pfn = base + (i & mask), i = 0, 1, 2, ...
 */
#ifndef PFNBENCH_LOOPS_H
#define PFNBENCH_LOOPS_H

#include <stdint.h>

#define PB_LOOP_BODY(name, fn, pfnexpr)					\
static __attribute__((noinline)) uint64_t				\
name(uint64_t n, uint64_t x, unsigned long base, unsigned long mask)	\
{									\
	uint64_t sum = 0;						\
									\
	for (uint64_t i = 0; i < n; i++) {				\
		x ^= x << 13;						\
		x ^= x >> 7;						\
		x ^= x << 17;						\
		sum += (unsigned int)fn(pfnexpr);			\
	}								\
	return sum;							\
}

#define PB_LOOPS(prefix, valid_fn, online_fn)				\
PB_LOOP_BODY(prefix##_rand_valid, valid_fn, base + (x & mask))		\
PB_LOOP_BODY(prefix##_seq_valid, valid_fn, base + (i & mask))		\
PB_LOOP_BODY(prefix##_rand_online, online_fn, base + (x & mask))	\
PB_LOOP_BODY(prefix##_seq_online, online_fn, base + (i & mask))	\
static uint64_t prefix##_run(int loop, int fn, uint64_t n, uint64_t seed, \
			     unsigned long base, unsigned long mask)	\
{									\
	if (fn == PB_FN_VALID)						\
		return loop == PB_LOOP_RAND ?				\
			prefix##_rand_valid(n, seed, base, mask) :	\
			prefix##_seq_valid(n, seed, base, mask);	\
	return loop == PB_LOOP_RAND ?					\
		prefix##_rand_online(n, seed, base, mask) :		\
		prefix##_seq_online(n, seed, base, mask);		\
}

#endif /* PFNBENCH_LOOPS_H */
