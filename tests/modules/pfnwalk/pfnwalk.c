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
 */
#include <linux/debugfs.h>
#include <linux/kthread.h>
#include <linux/memremap.h>
#include <linux/memory_hotplug.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched.h>
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
	return 0;
}

static void __exit pfnwalk_exit(void)
{
	mutex_lock(&pfnwalk_lock);
	if (stress_task)
		kthread_stop(stress_task);
	stress_task = NULL;
	mutex_unlock(&pfnwalk_lock);
	debugfs_remove_recursive(pfnwalk_dir);
}

module_init(pfnwalk_init);
module_exit(pfnwalk_exit);
MODULE_DESCRIPTION("Time and stress pfn_valid() and pfn_to_online_page()");
MODULE_LICENSE("GPL");
