// SPDX-License-Identifier: GPL-2.0
/*
 * pfnwalk - time and stress the sparsemem validity paths from a module.
 *
 * pfn_valid() is inline, so this module measures the implementation of the
 * kernel it was built against: build it for stock and patched and compare.
 * Under QEMU -icount the guest clock advances per instruction, so the
 * nanoseconds reported here are instruction counts times 2^shift.
 *
 * debugfs, /sys/kernel/debug/pfnwalk/:
 *   run     write "valid|online|device START NR LOOPS" (pfns, decimal or
 *           0x), read the last result as "key=value" words; "device"
 *           counts the valid pfns whose struct page says ZONE_DEVICE (it
 *           reads the struct page, so an unmapped memmap faults here)
 *   stress  write "start START NR" to launch a kthread that walks
 *           pfn_valid() and pfn_to_online_page() (and reads the page's
 *           flags) over the span until "stop"; read its counters
 *   info    read the memory model's per-section sizes
 *   pgmap   write a pfn; read the altmap of the dev_pagemap that holds
 *           it: "pgmap=0", "altmap=0" or its base_pfn, end_pfn, reserve,
 *           free, align and alloc (the pfns the memmap took from the
 *           device)
 *   populate  (CONFIG_KPROBES and an architecture with
 *           regs_get_kernel_argument()) write "arm" to put a kprobe on
 *           __populate_section_memmap(), "disarm" to take it off; read
 *           "armed=A calls=N" and one line per call since arming (the
 *           last POPULATE_LOG): "pfn=P nr=N valid_first=V valid_last=W",
 *           where V and W are what pfn_valid() answered for the range's
 *           first and last pfn when the call began, before any of the
 *           range's memmap was populated.  Otherwise the file reads
 *           "unsupported".  (The probe is on the function the hot-add
 *           path calls; should a compiler inline that call, the probe
 *           sees no call, which S11 reports as a failure.)
 */
#include <linux/debugfs.h>
#include <linux/kprobes.h>
#include <linux/kthread.h>
#include <linux/memremap.h>
#include <linux/memory_hotplug.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/version.h>

static struct dentry *pfnwalk_dir;
static DEFINE_MUTEX(pfnwalk_lock);
static char last_result[256];

static struct task_struct *stress_task;
static unsigned long stress_start, stress_nr;
static atomic64_t stress_passes, stress_valid, stress_online;

enum walk_op { WALK_VALID, WALK_ONLINE, WALK_DEVICE };

static unsigned long walk(enum walk_op op, unsigned long start, unsigned long nr)
{
	unsigned long pfn, hits = 0;

	for (pfn = start; pfn < start + nr; pfn++) {
		if (op == WALK_ONLINE)
			hits += !!pfn_to_online_page(pfn);
		else if (op == WALK_DEVICE)
			hits += pfn_valid(pfn) &&
				is_zone_device_page(pfn_to_page(pfn));
		else
			hits += !!pfn_valid(pfn);
		if ((pfn & 4095) == 4095)
			cond_resched();
	}
	return hits;
}

static ssize_t run_write(struct file *file, const char __user *ubuf,
			 size_t len, loff_t *ppos)
{
	unsigned long start, nr, loops, i, hits = 0;
	char buf[96], op[8];
	u64 t0, ns, calls;
	enum walk_op wop;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	if (sscanf(buf, "%7s %li %li %li", op, &start, &nr, &loops) != 4)
		return -EINVAL;
	if (!strcmp(op, "valid"))
		wop = WALK_VALID;
	else if (!strcmp(op, "online"))
		wop = WALK_ONLINE;
	else if (!strcmp(op, "device"))
		wop = WALK_DEVICE;
	else
		return -EINVAL;
	if (!nr || !loops || start + nr < start)
		return -EINVAL;

	mutex_lock(&pfnwalk_lock);
	t0 = ktime_get_ns();
	for (i = 0; i < loops; i++)
		hits = walk(wop, start, nr);
	ns = ktime_get_ns() - t0;
	calls = (u64)nr * loops;
	snprintf(last_result, sizeof(last_result),
		 "op=%s start=%#lx nr=%lu loops=%lu calls=%llu hits=%lu ns=%llu ps_per_call=%llu\n",
		 op, start, nr, loops, calls, hits, ns,
		 div64_u64(ns * 1000, calls));
	mutex_unlock(&pfnwalk_lock);
	return len;
}

/* Read a result string that writers fill under pfnwalk_lock. */
static ssize_t read_result(char __user *ubuf, size_t len, loff_t *ppos,
			   const char *result)
{
	ssize_t rc;

	mutex_lock(&pfnwalk_lock);
	rc = simple_read_from_buffer(ubuf, len, ppos, result, strlen(result));
	mutex_unlock(&pfnwalk_lock);
	return rc;
}

static ssize_t run_read(struct file *file, char __user *ubuf, size_t len,
			loff_t *ppos)
{
	return read_result(ubuf, len, ppos, last_result);
}

static const struct file_operations run_fops = {
	.owner = THIS_MODULE,
	.write = run_write,
	.read = run_read,
};

static int stress_fn(void *unused)
{
	while (!kthread_should_stop()) {
		unsigned long pfn;

		for (pfn = stress_start; pfn < stress_start + stress_nr; pfn++) {
			struct page *page;

			if (pfn_valid(pfn))
				atomic64_inc(&stress_valid);
			page = pfn_to_online_page(pfn);
			if (page) {
				/* touch the memmap the section claims to have */
				(void)READ_ONCE(page->flags);
				atomic64_inc(&stress_online);
			}
			if ((pfn & 1023) == 1023) {
				cond_resched();
				if (kthread_should_stop())
					break;
			}
		}
		atomic64_inc(&stress_passes);
		cond_resched();
	}
	return 0;
}

static ssize_t stress_write(struct file *file, const char __user *ubuf,
			    size_t len, loff_t *ppos)
{
	unsigned long start, nr;
	char buf[96];
	int rc = len;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';

	mutex_lock(&pfnwalk_lock);
	if (sscanf(buf, "start %li %li", &start, &nr) == 2) {
		if (stress_task || !nr || start + nr < start) {
			rc = -EINVAL;
			goto out;
		}
		stress_start = start;
		stress_nr = nr;
		atomic64_set(&stress_passes, 0);
		atomic64_set(&stress_valid, 0);
		atomic64_set(&stress_online, 0);
		stress_task = kthread_run(stress_fn, NULL, "pfnwalk");
		if (IS_ERR(stress_task)) {
			rc = PTR_ERR(stress_task);
			stress_task = NULL;
		}
	} else if (!strncmp(buf, "stop", 4)) {
		if (stress_task)
			kthread_stop(stress_task);
		stress_task = NULL;
	} else {
		rc = -EINVAL;
	}
out:
	mutex_unlock(&pfnwalk_lock);
	return rc;
}

static ssize_t stress_read(struct file *file, char __user *ubuf, size_t len,
			   loff_t *ppos)
{
	char buf[160];
	int n;

	n = scnprintf(buf, sizeof(buf),
		      "running=%d start=%#lx nr=%lu passes=%lld valid=%lld online=%lld\n",
		      !!stress_task, stress_start, stress_nr,
		      atomic64_read(&stress_passes),
		      atomic64_read(&stress_valid),
		      atomic64_read(&stress_online));
	return simple_read_from_buffer(ubuf, len, ppos, buf, n);
}

static const struct file_operations stress_fops = {
	.owner = THIS_MODULE,
	.write = stress_write,
	.read = stress_read,
};

static char pgmap_result[256];

static ssize_t pgmap_write(struct file *file, const char __user *ubuf,
			   size_t len, loff_t *ppos)
{
	struct dev_pagemap *pgmap;
	struct vmem_altmap *altmap = NULL;
	unsigned long pfn;
	int ret;

	ret = kstrtoul_from_user(ubuf, len, 0, &pfn);
	if (ret)
		return ret;
	/*
	 * 7.3 takes the pfn alone; 6.1 and 6.12, the other kernels this
	 * module is built for, also take a pgmap to reuse.  (The argument
	 * went away somewhere after 6.12: the test is only exact for these.)
	 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
	pgmap = get_dev_pagemap(pfn);
#else
	pgmap = get_dev_pagemap(pfn, NULL);
#endif
	if (pgmap)
		altmap = pgmap_altmap(pgmap);
	mutex_lock(&pfnwalk_lock);
	if (!pgmap)
		scnprintf(pgmap_result, sizeof(pgmap_result), "pgmap=0\n");
	else if (!altmap)
		scnprintf(pgmap_result, sizeof(pgmap_result), "pgmap=1 altmap=0\n");
	else
		scnprintf(pgmap_result, sizeof(pgmap_result),
			  "pgmap=1 altmap=1 base_pfn=%#lx end_pfn=%#lx reserve=%lu free=%lu align=%lu alloc=%lu\n",
			  altmap->base_pfn, altmap->end_pfn, altmap->reserve,
			  altmap->free, altmap->align, altmap->alloc);
	mutex_unlock(&pfnwalk_lock);
	if (pgmap)
		put_dev_pagemap(pgmap);
	return len;
}

static ssize_t pgmap_read(struct file *file, char __user *ubuf, size_t len,
			  loff_t *ppos)
{
	return read_result(ubuf, len, ppos, pgmap_result);
}

static const struct file_operations pgmap_fops = {
	.owner = THIS_MODULE,
	.write = pgmap_write,
	.read = pgmap_read,
};

#if defined(CONFIG_KPROBES) && defined(CONFIG_HAVE_FUNCTION_ARG_ACCESS_API)
#define POPULATE_LOG 16
struct populate_call {
	unsigned long pfn, nr;
	bool valid_first, valid_last;
};
static struct populate_call populate_log[POPULATE_LOG];
static unsigned long populate_calls;
static bool populate_armed;

/*
 * __populate_section_memmap(pfn, nr_pages, nid, altmap, pgmap): runs
 * before the range's memmap is populated, so pfn_valid() must not yet
 * say yes for its pfns.
 *
 * The handler may run in NMI context (the breakpoint exception), so it
 * takes no lock.  Its calls are serialized by the memory hotplug lock
 * that the callers of __populate_section_memmap() hold, so it is the
 * only writer; the release publishes the entry before the count, and
 * the reader's acquire of the count pairs with it.
 */
static int populate_pre(struct kprobe *p, struct pt_regs *regs)
{
	unsigned long pfn = regs_get_kernel_argument(regs, 0);
	unsigned long nr = regs_get_kernel_argument(regs, 1);
	unsigned long i = populate_calls;

	populate_log[i % POPULATE_LOG] = (struct populate_call) {
		.pfn = pfn, .nr = nr,
		.valid_first = nr && pfn_valid(pfn),
		.valid_last = nr && pfn_valid(pfn + nr - 1),
	};
	smp_store_release(&populate_calls, i + 1);
	return 0;
}

static struct kprobe populate_kp = {
	.symbol_name = "__populate_section_memmap",
	.pre_handler = populate_pre,
};

static ssize_t populate_write(struct file *file, const char __user *ubuf,
			      size_t len, loff_t *ppos)
{
	char buf[16];
	int ret = 0;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	strim(buf);
	mutex_lock(&pfnwalk_lock);
	if (!strcmp(buf, "arm") && !populate_armed) {
		WRITE_ONCE(populate_calls, 0);
		populate_kp.addr = NULL;
		populate_kp.flags = 0;
		ret = register_kprobe(&populate_kp);
		populate_armed = !ret;
	} else if (!strcmp(buf, "disarm") && populate_armed) {
		unregister_kprobe(&populate_kp);
		populate_armed = false;
	} else if (strcmp(buf, "arm") && strcmp(buf, "disarm")) {
		ret = -EINVAL;
	}
	mutex_unlock(&pfnwalk_lock);
	return ret ? ret : len;
}

static int populate_show(struct seq_file *m, void *unused)
{
	unsigned long calls, i, first;

	/*
	 * Read while the probe is disarmed (as S11 does) for a consistent
	 * log: an entry may be overwritten while it is printed otherwise.
	 */
	calls = smp_load_acquire(&populate_calls);
	seq_printf(m, "armed=%d calls=%lu\n", populate_armed, calls);
	first = calls > POPULATE_LOG ? calls - POPULATE_LOG : 0;
	for (i = first; i < calls; i++) {
		struct populate_call *c = &populate_log[i % POPULATE_LOG];

		seq_printf(m, "pfn=%#lx nr=%lu valid_first=%d valid_last=%d\n",
			   c->pfn, c->nr, c->valid_first, c->valid_last);
	}
	return 0;
}
#else
static ssize_t populate_write(struct file *file, const char __user *ubuf,
			      size_t len, loff_t *ppos)
{
	return -EOPNOTSUPP;
}

static int populate_show(struct seq_file *m, void *unused)
{
	seq_puts(m, "unsupported\n");
	return 0;
}
#endif

static int populate_open(struct inode *inode, struct file *file)
{
	return single_open(file, populate_show, NULL);
}

static const struct file_operations populate_fops = {
	.owner = THIS_MODULE,
	.open = populate_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
	.write = populate_write,
};

static int info_show(struct seq_file *m, void *unused)
{
	seq_printf(m, "sizeof_mem_section=%zu\n", sizeof(struct mem_section));
	seq_printf(m, "sizeof_mem_section_usage=%zu\n",
		   sizeof(struct mem_section_usage));
	seq_printf(m, "pageblock_flags_bytes=%zu\n",
		   BITS_TO_LONGS(SECTION_BLOCKFLAGS_BITS) * sizeof(unsigned long));
	seq_printf(m, "sizeof_page=%zu\n", sizeof(struct page));
	seq_printf(m, "section_size_bits=%d\n", SECTION_SIZE_BITS);
	seq_printf(m, "subsections_per_section=%lu\n",
		   (unsigned long)SUBSECTIONS_PER_SECTION);
	seq_printf(m, "nr_mem_sections=%lu\n", (unsigned long)NR_MEM_SECTIONS);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(info);

static int __init pfnwalk_init(void)
{
	pfnwalk_dir = debugfs_create_dir("pfnwalk", NULL);
	debugfs_create_file("run", 0600, pfnwalk_dir, NULL, &run_fops);
	debugfs_create_file("stress", 0600, pfnwalk_dir, NULL, &stress_fops);
	debugfs_create_file("info", 0400, pfnwalk_dir, NULL, &info_fops);
	debugfs_create_file("pgmap", 0600, pfnwalk_dir, NULL, &pgmap_fops);
	debugfs_create_file("populate", 0600, pfnwalk_dir, NULL,
			    &populate_fops);
	return 0;
}

static void __exit pfnwalk_exit(void)
{
	mutex_lock(&pfnwalk_lock);
	if (stress_task)
		kthread_stop(stress_task);
	stress_task = NULL;
#if defined(CONFIG_KPROBES) && defined(CONFIG_HAVE_FUNCTION_ARG_ACCESS_API)
	if (populate_armed)
		unregister_kprobe(&populate_kp);
	populate_armed = false;
#endif
	mutex_unlock(&pfnwalk_lock);
	debugfs_remove_recursive(pfnwalk_dir);
}

module_init(pfnwalk_init);
module_exit(pfnwalk_exit);
MODULE_DESCRIPTION("Time and stress pfn_valid() and pfn_to_online_page()");
MODULE_LICENSE("GPL");
