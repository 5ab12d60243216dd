// SPDX-License-Identifier: GPL-2.0
/*
 * nd-infoblock: write and read libnvdimm pfn/dax info-blocks (struct
 * nd_pfn_sb, 4 KiB at namespace offset 4 KiB), including the padded
 * layouts that kernels v4.6 to v5.2 wrote for namespaces sharing a
 * 128 MiB section with System RAM or another region, and deliberately
 * corrupt ones.  A host and guest tool for the legacy-namespace tests.
 *
 *   nd-infoblock legacy --era ERA --base PHYS --size BYTES [layout options]
 *       print the dataoff/npfns that era's nd_pfn_init() computed
 *   nd-infoblock write FILE [--era ERA --base PHYS --size BYTES] [fields]
 *       write an info-block into FILE (a file or a block device)
 *   nd-infoblock show FILE
 *       decode the info-block in FILE; exit 0 if it is valid, 2 if not
 *
 * Eras (x86-64, 4 KiB pages, 128 MiB sections, 2 MiB PMD):
 *   v4.5   no padding, offsets relative to the namespace (version 1.0)
 *   v4.6   start_pad/end_trunc, memmap 64 B per page (1.1)
 *   v4.8   align field, memmap rounded to 2 MiB, devdax +128 KiB (1.2)
 *   v4.12  memmap for a whole number of sections, align >= 2 MiB (1.2);
 *          v4.19 computed the same numbers
 *   v5.2   as v4.12 without the devdax 128 KiB (1.2; 1.3 with --version)
 * dataoff is relative to namespace base + start_pad in every era.
 * --page-size and --section give another architecture's page and section
 * size (arm64 64 KiB pages: 512 MiB sections; ppc64: 16 MiB sections).
 * The map=dev eras keep x86-64's 2 MiB memmap rounding and minimum align
 * (PMD_SIZE there): right for arm64-4k and ppc64 radix, not for arm64
 * with 64 KiB pages, whose PMD_SIZE is 512 MiB.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SZ_4K		4096ULL
#define SZ_8K		8192ULL
#define SZ_128K		(128ULL << 10)
#define SZ_2M		(2ULL << 20)
#define SECTION		(128ULL << 20)
#define SB_SIZE		4096
#define SB_OFFSET	4096

/* Byte offsets of struct nd_pfn_sb (drivers/nvdimm/pfn.h), little endian. */
enum {
	OFF_SIG = 0, OFF_UUID = 16, OFF_PARENT = 32, OFF_FLAGS = 48,
	OFF_MAJOR = 52, OFF_MINOR = 54, OFF_DATAOFF = 56, OFF_NPFNS = 64,
	OFF_MODE = 72, OFF_START_PAD = 76, OFF_END_TRUNC = 80, OFF_ALIGN = 84,
	OFF_PAGE_SIZE = 88, OFF_PAGE_STRUCT_SIZE = 92, OFF_CHECKSUM = 4088,
};

struct field {
	const char *name;
	int off, size, minor;	/* minor: first version_minor that has it */
};

static const struct field fields[] = {
	{ "flags", OFF_FLAGS, 4, 0 },
	{ "version_major", OFF_MAJOR, 2, 0 },
	{ "version_minor", OFF_MINOR, 2, 0 },
	{ "dataoff", OFF_DATAOFF, 8, 0 },
	{ "npfns", OFF_NPFNS, 8, 0 },
	{ "mode", OFF_MODE, 4, 0 },
	{ "start_pad", OFF_START_PAD, 4, 1 },
	{ "end_trunc", OFF_END_TRUNC, 4, 1 },
	{ "align", OFF_ALIGN, 4, 2 },
	{ "page_size", OFF_PAGE_SIZE, 4, 4 },
	{ "page_struct_size", OFF_PAGE_STRUCT_SIZE, 2, 4 },
	{ "checksum", OFF_CHECKSUM, 8, 0 },
};
#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

static const struct field *field_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < NFIELDS; i++)
		if (!strcmp(fields[i].name, name))
			return &fields[i];
	return NULL;
}

static void put_le(uint8_t *sb, int off, int size, uint64_t v)
{
	int i;

	for (i = 0; i < size; i++)
		sb[off + i] = v >> (8 * i);
}

static uint64_t get_le(const uint8_t *sb, int off, int size)
{
	uint64_t v = 0;
	int i;

	for (i = size - 1; i >= 0; i--)
		v = v << 8 | sb[off + i];
	return v;
}

/* nd_fletcher64() over little-endian 32-bit words, checksum field zeroed. */
static uint64_t sb_checksum(const uint8_t *sb)
{
	uint8_t tmp[SB_SIZE];
	uint32_t lo = 0;
	uint64_t hi = 0;
	int i;

	memcpy(tmp, sb, SB_SIZE);
	put_le(tmp, OFF_CHECKSUM, 8, 0);
	for (i = 0; i < SB_SIZE; i += 4) {
		lo += (uint32_t)get_le(tmp, i, 4);
		hi += lo;
	}
	return hi << 32 | lo;
}

static void die(const char *fmt, const char *arg)
{
	fprintf(stderr, "nd-infoblock: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(1);
}

/* Numbers: decimal, 0x hex, or with a K/M/G suffix. */
static uint64_t parse_num(const char *s)
{
	char *end;
	uint64_t v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		die("not a number: '%s'", s);
	switch (*end) {
	case 'k': case 'K': v <<= 10; end++; break;
	case 'm': case 'M': v <<= 20; end++; break;
	case 'g': case 'G': v <<= 30; end++; break;
	}
	if (*end)
		die("not a number: '%s'", s);
	return v;
}

static void parse_uuid(const char *s, uint8_t *out)
{
	int i, n = 0;

	for (i = 0; s[i] && n < 32; i++) {
		unsigned int x;

		if (s[i] == '-')
			continue;
		if (sscanf(&s[i], "%1x", &x) != 1)
			die("bad uuid '%s'", s);
		out[n / 2] = (n & 1) ? (out[n / 2] | x) : x << 4;
		n++;
	}
	if (n != 32 || s[i])
		die("bad uuid '%s'", s);
}

static void random_uuid(uint8_t *out)
{
	int fd = open("/dev/urandom", O_RDONLY);

	if (fd < 0 || read(fd, out, 16) != 16)
		die("cannot read %s", "/dev/urandom");
	close(fd);
	out[6] = (out[6] & 0x0f) | 0x40;
	out[8] = (out[8] & 0x3f) | 0x80;
}

static void print_uuid(const char *name, const uint8_t *u)
{
	int i;

	printf("%s=", name);
	for (i = 0; i < 16; i++)
		printf("%02x%s", u[i], (i == 3 || i == 5 || i == 7 || i == 9) ? "-" : "");
	printf("\n");
}

#define ALIGN_UP(x, a)	(((x) + (a) - 1) / (a) * (a))
#define MAX(a, b)	((a) > (b) ? (a) : (b))

struct layout {
	const char *era;
	uint64_t base, size, align;
	uint64_t start_pad, end_trunc;
	uint64_t page, section;	/* page and memory section size */
	int pmem;		/* memmap on the device (map=dev) */
	int dax;		/* devdax (NVDIMM_DAX_INFO) */
	/* results */
	uint64_t dataoff, npfns;
	int minor;
};

/*
 * What each era's nd_pfn_init() computed, from the kernel sources of that
 * era.  start_pad and end_trunc are inputs: the kernels derived them from
 * the collisions they saw.  Returns an error message or NULL.
 */
static const char *legacy_layout(struct layout *l)
{
	uint64_t sp = l->start_pad, et = l->end_trunc, size = l->size;
	uint64_t start = l->base + sp, npfns, off, reserve = SZ_8K, label = 0;
	const char *era = l->era;

	if (!l->align)
		l->align = SZ_2M;
	if (sp + et + SZ_8K >= size)
		return "start_pad + end_trunc leave no room";
	npfns = (size - sp - et - SZ_8K) / l->page;

	if (!strcmp(era, "v4.5")) {
		if (sp || et || l->dax)
			return "v4.5 had no padding and no devdax";
		off = l->pmem ? ALIGN_UP(SZ_8K + 64 * npfns, l->align)
			      : ALIGN_UP(SZ_8K, l->align);
		l->minor = 0;
	} else if (!strcmp(era, "v4.6")) {
		if (l->dax)
			return "v4.6 had no devdax info-blocks";
		off = l->pmem ? ALIGN_UP(start + SZ_8K + 64 * npfns, l->align) - start
			      : ALIGN_UP(start + SZ_8K, l->align) - start;
		l->minor = 1;
	} else if (!strcmp(era, "v4.8")) {
		label = l->dax ? SZ_128K : 0;
		off = l->pmem ? ALIGN_UP(start + SZ_8K + ALIGN_UP(64 * npfns, SZ_2M) + label,
					 l->align) - start
			      : ALIGN_UP(start + SZ_8K + label, l->align) - start;
		l->minor = 2;
	} else if (!strcmp(era, "v4.12") || !strcmp(era, "v4.19") ||
		   !strcmp(era, "v5.2")) {
		if (strcmp(era, "v5.2"))
			label = l->dax ? SZ_128K : 0;
		npfns = ALIGN_UP(npfns, l->section / l->page);
		off = l->pmem ? ALIGN_UP(start + reserve + 64 * npfns + label,
					 MAX(l->align, SZ_2M)) - start
			      : ALIGN_UP(start + reserve + label, l->align) - start;
		l->minor = 2;
	} else {
		return "unknown era (v4.5, v4.6, v4.8, v4.12, v4.19, v5.2)";
	}
	if (off + sp + et >= size)
		return "no room for data after the memmap";
	l->dataoff = off;
	l->npfns = (size - off - sp - et) / l->page;
	return NULL;
}

static void usage(void)
{
	fprintf(stderr,
"usage: nd-infoblock legacy --era ERA --base PHYS --size BYTES [--start-pad N]\n"
"                          [--end-trunc N] [--map mem|dev] [--dax] [--align N]\n"
"                          [--page-size N] [--section N]\n"
"       nd-infoblock write FILE [--era ERA --base PHYS --size BYTES ...]\n"
"                   [--version 1.N] [--dataoff N] [--npfns N] [--mode N]\n"
"                   [--uuid U] [--parent-uuid U] [--set FIELD=V]...\n"
"                   [--corrupt FIELD=V]... [--offset N]\n"
"       nd-infoblock show FILE [--offset N]\n"
"--set changes a field before the checksum is computed (any field, any\n"
"version); --corrupt changes it after (so the checksum no longer matches);\n"
"--corrupt checksum flips the checksum itself.\n");
	exit(1);
}

static void set_field(uint8_t *sb, const char *spec)
{
	char name[64];
	const char *eq = strchr(spec, '=');
	const struct field *f;

	if (!eq || (size_t)(eq - spec) >= sizeof(name))
		die("want FIELD=VALUE, got '%s'", spec);
	memcpy(name, spec, eq - spec);
	name[eq - spec] = '\0';
	if (!strcmp(name, "signature")) {
		memset(sb + OFF_SIG, 0, 16);
		memcpy(sb + OFF_SIG, eq + 1, strnlen(eq + 1, 16));
		return;
	}
	f = field_by_name(name);
	if (!f)
		die("unknown field '%s'", name);
	put_le(sb, f->off, f->size, parse_num(eq + 1));
}

static int show(const uint8_t *sb)
{
	uint64_t want = sb_checksum(sb), have = get_le(sb, OFF_CHECKSUM, 8);
	int minor = get_le(sb, OFF_MINOR, 2), valid = 1;
	char sig[17];
	size_t i;

	memcpy(sig, sb + OFF_SIG, 16);
	sig[16] = '\0';
	for (i = 0; i < 16; i++)
		if (sig[i] && (sig[i] < 32 || sig[i] > 126))
			sig[i] = '?';
	printf("signature=%s\n", sig);
	if (strcmp(sig, "NVDIMM_PFN_INFO") && strcmp(sig, "NVDIMM_DAX_INFO"))
		valid = 0;
	print_uuid("uuid", sb + OFF_UUID);
	print_uuid("parent_uuid", sb + OFF_PARENT);
	for (i = 0; i < NFIELDS; i++) {
		const struct field *f = &fields[i];

		if (f->off == OFF_CHECKSUM)
			continue;
		printf("%s=%llu%s\n", f->name,
		       (unsigned long long)get_le(sb, f->off, f->size),
		       f->minor > minor ? " (not in this version)" : "");
	}
	printf("checksum=0x%016llx %s\n", (unsigned long long)have,
	       have == want ? "ok" : "BAD");
	if (have != want)
		valid = 0;
	printf("valid=%s\n", valid ? "yes" : "no");
	return valid ? 0 : 2;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "era", 1, NULL, 'e' }, { "base", 1, NULL, 'b' },
		{ "size", 1, NULL, 's' }, { "start-pad", 1, NULL, 'p' },
		{ "end-trunc", 1, NULL, 't' }, { "map", 1, NULL, 'm' },
		{ "dax", 0, NULL, 'd' }, { "align", 1, NULL, 'a' },
		{ "version", 1, NULL, 'v' }, { "dataoff", 1, NULL, 'o' },
		{ "npfns", 1, NULL, 'n' }, { "mode", 1, NULL, 'M' },
		{ "uuid", 1, NULL, 'u' }, { "parent-uuid", 1, NULL, 'P' },
		{ "set", 1, NULL, 'S' }, { "corrupt", 1, NULL, 'C' },
		{ "offset", 1, NULL, 'O' }, { "page-size", 1, NULL, 'g' },
		{ "section", 1, NULL, 'c' }, { NULL, 0, NULL, 0 },
	};
	struct layout l = { .era = NULL, .pmem = 1, .page = SZ_4K, .section = SECTION };
	const char *cmd, *file = NULL, *uuid = NULL, *parent = NULL;
	const char *sets[64], *corrupts[64];
	int nsets = 0, ncorrupts = 0, minor = -1, c, fd, i;
	uint64_t dataoff = 0, npfns = 0, mode = 0, offset = SB_OFFSET;
	int have_dataoff = 0, have_npfns = 0, have_mode = 0;
	uint8_t sb[SB_SIZE];
	const char *err;

	if (argc < 2)
		usage();
	cmd = argv[1];
	argv++;
	argc--;
	if (strcmp(cmd, "legacy")) {
		if (argc < 2)
			usage();
		file = argv[1];
		argv++;
		argc--;
	}
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'e': l.era = optarg; break;
		case 'b': l.base = parse_num(optarg); break;
		case 's': l.size = parse_num(optarg); break;
		case 'p': l.start_pad = parse_num(optarg); break;
		case 't': l.end_trunc = parse_num(optarg); break;
		case 'm':
			if (strcmp(optarg, "mem") && strcmp(optarg, "dev"))
				die("--map wants mem or dev, got '%s'", optarg);
			l.pmem = !strcmp(optarg, "dev");
			break;
		case 'd': l.dax = 1; break;
		case 'a': l.align = parse_num(optarg); break;
		case 'v':
			if (sscanf(optarg, "1.%d", &minor) != 1 || minor < 0 || minor > 4)
				die("--version wants 1.0 to 1.4, got '%s'", optarg);
			break;
		case 'o': dataoff = parse_num(optarg); have_dataoff = 1; break;
		case 'n': npfns = parse_num(optarg); have_npfns = 1; break;
		case 'M': mode = parse_num(optarg); have_mode = 1; break;
		case 'u': uuid = optarg; break;
		case 'P': parent = optarg; break;
		case 'S':
			if (nsets == 64)
				die("too many %s", "--set");
			sets[nsets++] = optarg;
			break;
		case 'C':
			if (ncorrupts == 64)
				die("too many %s", "--corrupt");
			corrupts[ncorrupts++] = optarg;
			break;
		case 'O': offset = parse_num(optarg); break;
		case 'g': l.page = parse_num(optarg); break;
		case 'c': l.section = parse_num(optarg); break;
		default: usage();
		}
	}
	if (optind != argc)
		usage();

	if (!strcmp(cmd, "show")) {
		fd = open(file, O_RDONLY);
		if (fd < 0 || pread(fd, sb, SB_SIZE, offset) != SB_SIZE)
			die("cannot read an info-block from '%s'", file);
		close(fd);
		return show(sb);
	}
	if (strcmp(cmd, "legacy") && strcmp(cmd, "write"))
		usage();

	if (!l.page || (l.page & (l.page - 1)) || !l.section || l.section % l.page)
		die("--page-size must be a power of two that divides --section%s", "");
	if (l.era) {
		if (!l.size)
			die("--era needs --size (and --base)%s", "");
		err = legacy_layout(&l);
		if (err)
			die("%s", err);
	}
	if (!strcmp(cmd, "legacy")) {
		/* an explicit dataoff (a deliberately bad layout) wins */
		if (have_dataoff) {
			l.dataoff = dataoff;
			l.npfns = dataoff + l.start_pad + l.end_trunc < l.size ?
				(l.size - dataoff - l.start_pad - l.end_trunc) / l.page : 0;
		}
		printf("era=%s\nversion=1.%d\nsignature=%s\nmode=%s\n", l.era ? l.era : "",
		       l.minor, l.dax ? "NVDIMM_DAX_INFO" : "NVDIMM_PFN_INFO",
		       l.pmem ? "pmem" : "ram");
		printf("start_pad=%llu\nend_trunc=%llu\nalign=%llu\n",
		       (unsigned long long)l.start_pad, (unsigned long long)l.end_trunc,
		       (unsigned long long)l.align);
		printf("dataoff=%llu\nnpfns=%llu\ndata_phys=0x%llx\ndata_bytes=%llu\n",
		       (unsigned long long)l.dataoff, (unsigned long long)l.npfns,
		       (unsigned long long)(l.base + l.start_pad + l.dataoff),
		       (unsigned long long)(l.npfns * l.page));
		return 0;
	}

	/* write */
	if (minor < 0)
		minor = l.era ? l.minor : 4;
	if (!l.era && !(have_dataoff && have_npfns))
		die("write needs --era (with --base, --size) or --dataoff and --npfns%s", "");
	if (minor < 1 && (l.start_pad || l.end_trunc))
		die("version 1.0 has no start_pad/end_trunc (use --set to force)%s", "");
	memset(sb, 0, sizeof(sb));
	memcpy(sb + OFF_SIG, l.dax ? "NVDIMM_DAX_INFO" : "NVDIMM_PFN_INFO", 16);
	if (uuid)
		parse_uuid(uuid, sb + OFF_UUID);
	else
		random_uuid(sb + OFF_UUID);
	if (parent)
		parse_uuid(parent, sb + OFF_PARENT);
	put_le(sb, OFF_MAJOR, 2, 1);
	put_le(sb, OFF_MINOR, 2, minor);
	put_le(sb, OFF_DATAOFF, 8, have_dataoff ? dataoff : l.dataoff);
	put_le(sb, OFF_NPFNS, 8, have_npfns ? npfns : l.npfns);
	put_le(sb, OFF_MODE, 4, have_mode ? mode : (l.pmem ? 2 : 1));
	if (minor >= 1) {
		put_le(sb, OFF_START_PAD, 4, l.start_pad);
		put_le(sb, OFF_END_TRUNC, 4, l.end_trunc);
	}
	if (minor >= 2)
		put_le(sb, OFF_ALIGN, 4, l.align ? l.align : SZ_2M);
	if (minor >= 4) {
		put_le(sb, OFF_PAGE_SIZE, 4, l.page);
		put_le(sb, OFF_PAGE_STRUCT_SIZE, 2, 64);
	}
	for (i = 0; i < nsets; i++)
		set_field(sb, sets[i]);
	put_le(sb, OFF_CHECKSUM, 8, sb_checksum(sb));
	for (i = 0; i < ncorrupts; i++) {
		if (!strcmp(corrupts[i], "checksum"))
			put_le(sb, OFF_CHECKSUM, 8, ~get_le(sb, OFF_CHECKSUM, 8));
		else
			set_field(sb, corrupts[i]);
	}

	fd = open(file, O_WRONLY | O_CREAT, 0644);
	if (fd < 0 || pwrite(fd, sb, SB_SIZE, offset) != SB_SIZE || fsync(fd))
		die("cannot write the info-block to '%s'", file);
	close(fd);
	return 0;
}
