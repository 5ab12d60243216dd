// SPDX-License-Identifier: GPL-2.0
/*
 * baseline.c - the timing loops of loops.h around an empty out-of-line
 * function: the cost of the loop, the xorshift and the call itself, to be
 * compared with (or subtracted from) the designs' times.  Compiled with
 * the same flags as design.c.
 */
#include "pfnbench.h"
#include "loops.h"

__attribute__((noipa)) int pb_empty(unsigned long pfn)
{
	return 0;
}

PB_LOOPS(pb_baseline, pb_empty, pb_empty)

uint64_t pb_baseline_run_ext(int loop, int fn, uint64_t n, uint64_t seed,
			     unsigned long base, unsigned long mask)
{
	return pb_baseline_run(loop, fn, n, seed, base, mask);
}
