// SPDX-License-Identifier: GPL-2.0
/*
 * daxcheck - write and verify deterministic data through write()/read(),
 * mmap loads and mmap stores, on files, block devices and device-dax.
 *
 *   daxcheck write      PATH SIZE SEED   write() the pattern, fsync
 *   daxcheck read       PATH SIZE SEED   read() and compare
 *   daxcheck mmap-read  PATH SIZE SEED   MAP_SHARED loads and compare
 *   daxcheck mmap-write PATH SIZE SEED   MAP_SHARED stores, msync
 *   daxcheck is-dax     PATH             exit 0 iff statx says STATX_ATTR_DAX
 *   daxcheck sum        PATH SIZE        print a 64-bit digest of read() data
 *
 * SIZE takes k/m/g suffixes; 0 means "the whole device or file".  The
 * pattern is a function of (SEED, offset) so any mismatch reports the first
 * bad byte.  Device-dax is only mapped, never read()/written.
 * Exit: 0 ok, 1 mismatch or not-dax, 2 usage or I/O error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/fs.h>
#include <linux/stat.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#ifndef STATX_ATTR_DAX
#define STATX_ATTR_DAX 0x00200000
#endif

static const char *prog = "daxcheck";

static void fatal(const char *what, const char *path)
{
	fprintf(stderr, "%s: %s %s: %s\n", prog, what, path, strerror(errno));
	exit(2);
}

static uint64_t parse_size(const char *s)
{
	char *end;
	uint64_t v = strtoull(s, &end, 0);

	switch (*end) {
	case 'g': case 'G': v <<= 10; /* fall through */
	case 'm': case 'M': v <<= 10; /* fall through */
	case 'k': case 'K': v <<= 10; end++; break;
	case '\0': break;
	default:
		fprintf(stderr, "%s: bad size '%s'\n", prog, s);
		exit(2);
	}
	if (*end) {
		fprintf(stderr, "%s: bad size '%s'\n", prog, s);
		exit(2);
	}
	return v;
}

/* One 64-bit word of pattern per 8 bytes: splitmix64 of seed and offset. */
static uint64_t pattern(uint64_t seed, uint64_t off)
{
	uint64_t z = seed * 0x9e3779b97f4a7c15ull + (off >> 3) + 1;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static void fill(unsigned char *buf, size_t len, uint64_t seed, uint64_t off)
{
	for (size_t i = 0; i < len; i++) {
		uint64_t w = pattern(seed, off + i);

		buf[i] = w >> (8 * ((off + i) & 7));
	}
}

static int compare(const unsigned char *buf, size_t len, uint64_t seed,
		   uint64_t off, const char *path)
{
	unsigned char want[4096];

	for (size_t done = 0; done < len; done += sizeof(want)) {
		size_t n = len - done < sizeof(want) ? len - done : sizeof(want);

		fill(want, n, seed, off + done);
		if (memcmp(buf + done, want, n) == 0)
			continue;
		for (size_t i = 0; i < n; i++) {
			if (buf[done + i] != want[i]) {
				fprintf(stderr,
					"%s: %s: mismatch at byte %" PRIu64 ": got 0x%02x want 0x%02x\n",
					prog, path, off + done + i,
					buf[done + i], want[i]);
				return 1;
			}
		}
	}
	return 0;
}

static uint64_t object_size(int fd, const char *path)
{
	struct stat st;
	uint64_t sz = 0;

	if (fstat(fd, &st))
		fatal("stat", path);
	if (S_ISBLK(st.st_mode)) {
		if (ioctl(fd, BLKGETSIZE64, &sz))
			fatal("BLKGETSIZE64", path);
		return sz;
	}
	if (S_ISCHR(st.st_mode)) {
		/* device-dax: /sys/dev/char/M:m/size */
		char p[128];
		FILE *f;

		snprintf(p, sizeof(p), "/sys/dev/char/%u:%u/size",
			 major(st.st_rdev), minor(st.st_rdev));
		f = fopen(p, "r");
		if (!f || fscanf(f, "%" SCNu64, &sz) != 1)
			fatal("size of", path);
		fclose(f);
		return sz;
	}
	return st.st_size;
}

static int do_rw(const char *path, uint64_t size, uint64_t seed, int wr)
{
	static unsigned char buf[1 << 20];
	int fd = open(path, wr ? O_RDWR | O_CREAT : O_RDONLY, 0644);
	int bad = 0;

	if (fd < 0)
		fatal("open", path);
	if (!size)
		size = object_size(fd, path);
	for (uint64_t off = 0; off < size && !bad; off += sizeof(buf)) {
		size_t n = size - off < sizeof(buf) ? size - off : sizeof(buf);
		ssize_t r;

		if (wr) {
			fill(buf, n, seed, off);
			r = pwrite(fd, buf, n, off);
		} else {
			r = pread(fd, buf, n, off);
		}
		if (r != (ssize_t)n) {
			if (r >= 0)
				errno = EIO;
			fatal(wr ? "write" : "read", path);
		}
		if (!wr)
			bad = compare(buf, n, seed, off, path);
	}
	if (wr && fsync(fd))
		fatal("fsync", path);
	close(fd);
	return bad;
}

static int do_mmap(const char *path, uint64_t size, uint64_t seed, int wr)
{
	/* loads only need read access: a read-only mount can be checked */
	int fd = open(path, wr ? O_RDWR : O_RDONLY);
	unsigned char *p;
	int bad = 0;

	if (fd < 0)
		fatal("open", path);
	if (!size)
		size = object_size(fd, path);
	p = mmap(NULL, size, wr ? PROT_READ | PROT_WRITE : PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		fatal("mmap", path);
	if (wr) {
		struct stat st;

		for (uint64_t off = 0; off < size; off += 4096) {
			size_t n = size - off < 4096 ? size - off : 4096;

			fill(p + off, n, seed, off);
		}
		/* device-dax has no fsync: its stores need no writeback */
		if (fstat(fd, &st))
			fatal("stat", path);
		if (!S_ISCHR(st.st_mode) && msync(p, size, MS_SYNC))
			fatal("msync", path);
	} else {
		bad = compare(p, size, seed, 0, path);
	}
	munmap(p, size);
	close(fd);
	return bad;
}

static int do_is_dax(const char *path)
{
	struct statx stx;

	if (statx(AT_FDCWD, path, 0, STATX_BASIC_STATS, &stx))
		fatal("statx", path);
	if (!(stx.stx_attributes_mask & STATX_ATTR_DAX)) {
		fprintf(stderr, "%s: %s: kernel does not report the DAX attribute\n",
			prog, path);
		return 1;
	}
	return (stx.stx_attributes & STATX_ATTR_DAX) ? 0 : 1;
}

static int do_sum(const char *path, uint64_t size)
{
	static unsigned char buf[1 << 20];
	uint64_t h = 0xcbf29ce484222325ull;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		fatal("open", path);
	if (!size)
		size = object_size(fd, path);
	for (uint64_t off = 0; off < size; off += sizeof(buf)) {
		size_t n = size - off < sizeof(buf) ? size - off : sizeof(buf);

		if (pread(fd, buf, n, off) != (ssize_t)n)
			fatal("read", path);
		for (size_t i = 0; i < n; i++)
			h = (h ^ buf[i]) * 0x100000001b3ull;
	}
	close(fd);
	printf("%016" PRIx64 "\n", h);
	return 0;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: %s write|read|mmap-read|mmap-write PATH SIZE SEED\n"
		"       %s is-dax PATH\n"
		"       %s sum PATH SIZE\n", prog, prog, prog);
	exit(2);
}

int main(int argc, char **argv)
{
	const char *cmd;
	uint64_t size, seed;

	if (argc < 3)
		usage();
	cmd = argv[1];
	if (!strcmp(cmd, "is-dax"))
		return do_is_dax(argv[2]);
	if (argc < 4)
		usage();
	size = parse_size(argv[3]);
	if (!strcmp(cmd, "sum"))
		return do_sum(argv[2], size);
	if (argc < 5)
		usage();
	seed = strtoull(argv[4], NULL, 0);
	if (!strcmp(cmd, "write"))
		return do_rw(argv[2], size, seed, 1);
	if (!strcmp(cmd, "read"))
		return do_rw(argv[2], size, seed, 0);
	if (!strcmp(cmd, "mmap-read"))
		return do_mmap(argv[2], size, seed, 0);
	if (!strcmp(cmd, "mmap-write"))
		return do_mmap(argv[2], size, seed, 1);
	usage();
	return 2;
}
