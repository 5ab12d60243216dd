#!/usr/bin/env python3
"""The sizes of the sparse memory model's per-section structures, worked
out from each design's layout, checked against what a compiler reported.

make memcost and make cross compile sizeof(struct mem_section) and friends
for each architecture and design; a number that merely came back says
nothing.  This is the independent side: the layout of each design, as
include/linux/mmzone.h declares it, from the target's facts (word size,
page size, SECTION_SIZE_BITS, CONFIG_PAGE_EXTENSION, SPARSEMEM_VMEMMAP,
SPARSEMEM_EXTREME), and the relations that tie the compiled values to one
another.

  stock   struct mem_section: section_mem_map, usage, and with
          PAGE_EXTENSION page_ext and a pad word (2 or 4 words);
          struct mem_section_usage: an rcu_head (two pointers), then with
          SPARSEMEM_VMEMMAP the sub-section bitmap.
  nofree  as stock, without the rcu_head (patches/alternatives/).
  map     struct mem_section: section_mem_map, usage, page_ext with
          PAGE_EXTENSION, the bitmap with SPARSEMEM_VMEMMAP, rounded up
          to 2, 4, 8 or 16 words (MEM_SECTION_WORDS);
          struct mem_section_usage: the rcu_head alone.

  section_model.py check DESIGN FACTS -- KEY=VALUE...
      FACTS: long=N ptr=N page_size=N section_size_bits=N page_ext=y|n
             vmemmap=y|n extreme=y|n, and optionally require=KEY,KEY (keys
             that are compile-time constants on the target and so must
             have been compiled).  KEY=VALUE: the compiled values
      (mem_section, usage, subsections, sections_per_root; for map
      mem_section_words; and, checked where present, page_size,
      section_size_bits, long, ptr, pfn_section_shift, nr_section_roots
      with max_physmem_bits, blockflags_bytes with pageblock_order and
      nr_pageblock_bits).  Prints one line per mismatch; exit 0 when
      every value agrees, 1 otherwise.
  section_model.py self-test
      The model against recorded 7.3.4 compiles, and mutations that
      must be caught.  Prints PASS/FAIL lines.
"""
import sys

SUBSECTION_SHIFT = 21       # 2 MiB sub-sections on every architecture
DESIGNS = ("stock", "nofree", "map")


def model(design, f):
    """The sizes DESIGN gives with facts F (a dict of ints and bools)."""
    lng, ptr = f["long"], f["ptr"]
    subsections = 1 << (f["section_size_bits"] - SUBSECTION_SHIFT)
    map_longs = -(-subsections // (8 * lng)) if f["vmemmap"] else 0
    rcu_head = 2 * ptr
    m = {"subsections": subsections}
    if design in ("stock", "nofree"):
        m["mem_section"] = (2 + (2 if f["page_ext"] else 0)) * lng
        m["usage"] = (rcu_head if design == "stock" else 0) + map_longs * lng
    elif design == "map":
        words = 2 + (1 if f["page_ext"] else 0) + map_longs
        rounded = [w for w in (2, 4, 8, 16) if words <= w]
        if not rounded:
            raise ValueError("map: %d words do not fit MEM_SECTION_WORDS" % words)
        m["mem_section_words"] = rounded[0]
        m["mem_section"] = rounded[0] * lng
        m["usage"] = rcu_head
    else:
        raise ValueError("unknown design %s" % design)
    m["sections_per_root"] = f["page_size"] // m["mem_section"] if f["extreme"] else 1
    return m


def check(design, f, got):
    """Mismatches (list of strings) between compiled values GOT and the model."""
    bad = []
    want = model(design, f)
    for k in f.get("require", ()):
        if k not in got:
            bad.append("%s: %s not compiled (a compile-time constant on this target)" % (design, k))
    if design != "map" and "mem_section_words" in got:
        bad.append("%s: defines MEM_SECTION_WORDS, which only the map design has" % design)
    for k, v in want.items():
        if k not in got:
            bad.append("%s: %s not compiled" % (design, k))
        elif got[k] != v:
            bad.append("%s: %s compiled %d, layout gives %d" % (design, k, got[k], v))
    for k in ("long", "ptr", "page_size", "section_size_bits"):
        if k in got and got[k] != f[k]:
            bad.append("%s: %s compiled %d, the target has %d" % (design, k, got[k], f[k]))
    page_shift = f["page_size"].bit_length() - 1
    if "pfn_section_shift" in got and got["pfn_section_shift"] != f["section_size_bits"] - page_shift:
        bad.append("%s: pfn_section_shift compiled %d, SECTION_SIZE_BITS - PAGE_SHIFT is %d"
                   % (design, got["pfn_section_shift"], f["section_size_bits"] - page_shift))
    spr = got.get("sections_per_root")
    if spr and "nr_section_roots" in got and "max_physmem_bits" in got:
        n = -(-(1 << (got["max_physmem_bits"] - f["section_size_bits"])) // spr)
        if got["nr_section_roots"] != n:
            bad.append("%s: nr_section_roots compiled %d, DIV_ROUND_UP(NR_MEM_SECTIONS, "
                       "SECTIONS_PER_ROOT) is %d" % (design, got["nr_section_roots"], n))
    if all(k in got for k in ("blockflags_bytes", "pageblock_order", "nr_pageblock_bits")):
        bits = (1 << (f["section_size_bits"] - page_shift - got["pageblock_order"])) * \
            got["nr_pageblock_bits"]
        b = -(-bits // (8 * f["long"])) * f["long"]
        if got["blockflags_bytes"] != b:
            bad.append("%s: blockflags_bytes compiled %d, the section's pageblocks "
                       "need %d" % (design, got["blockflags_bytes"], b))
    return bad


def parse(args):
    d = {}
    for a in args:
        k, _, v = a.partition("=")
        if not v:
            raise ValueError("not KEY=VALUE: %r" % a)
        if k == "require":
            d[k] = [r for r in v.split(",") if r]
            continue
        d[k] = {"y": True, "n": False}.get(v, v)
        if not isinstance(d[k], bool):
            d[k] = int(v, 0)
    return d


def facts(d):
    need = ("long", "ptr", "page_size", "section_size_bits", "page_ext", "vmemmap", "extreme")
    missing = [k for k in need if k not in d]
    if missing:
        raise ValueError("missing facts: %s" % ", ".join(missing))
    return d


# Recorded compiles of Debian's 7.3.4 (make memcost and make cross,
# 2026-12-07): facts, SUBSECTIONS_PER_SECTION, then per design
# mem_section, usage, sections_per_root (and MEM_SECTION_WORDS for map).
RECORDED = [
    ("x86-64, PAGE_EXT=y", "long=8 ptr=8 page_size=4096 section_size_bits=27 page_ext=y vmemmap=y extreme=y", 64,
     {"stock": (32, 24, 128), "nofree": (32, 8, 128), "map": (32, 16, 128, 4)}),
    ("x86-64, PAGE_EXT=n", "long=8 ptr=8 page_size=4096 section_size_bits=27 page_ext=n vmemmap=y extreme=y", 64,
     {"stock": (16, 24, 256), "nofree": (16, 8, 256), "map": (32, 16, 128, 4)}),
    ("arm64 4K, PAGE_EXT=y", "long=8 ptr=8 page_size=4096 section_size_bits=27 page_ext=y vmemmap=y extreme=y", 64,
     {"stock": (32, 24, 128), "nofree": (32, 8, 128), "map": (32, 16, 128, 4)}),
    ("arm64 16K, PAGE_EXT=n", "long=8 ptr=8 page_size=16384 section_size_bits=27 page_ext=n vmemmap=y extreme=y", 64,
     {"stock": (16, 24, 1024), "nofree": (16, 8, 1024), "map": (32, 16, 512, 4)}),
    ("arm64 64K, PAGE_EXT=y", "long=8 ptr=8 page_size=65536 section_size_bits=29 page_ext=y vmemmap=y extreme=y", 256,
     {"stock": (32, 48, 2048), "nofree": (32, 32, 2048), "map": (64, 16, 1024, 8)}),
    ("arm64 64K, PAGE_EXT=n", "long=8 ptr=8 page_size=65536 section_size_bits=29 page_ext=n vmemmap=y extreme=y", 256,
     {"stock": (16, 48, 4096), "nofree": (16, 32, 4096), "map": (64, 16, 1024, 8)}),
    ("ppc64le 64K, PAGE_EXT=n", "long=8 ptr=8 page_size=65536 section_size_bits=24 page_ext=n vmemmap=y extreme=y", 8,
     {"stock": (16, 24, 4096), "nofree": (16, 8, 4096), "map": (32, 16, 2048, 4)}),
    ("ppc64le 4K, PAGE_EXT=y", "long=8 ptr=8 page_size=4096 section_size_bits=24 page_ext=y vmemmap=y extreme=y", 8,
     {"stock": (32, 24, 128), "nofree": (32, 8, 128), "map": (32, 16, 128, 4)}),
    ("riscv64, PAGE_EXT=n", "long=8 ptr=8 page_size=4096 section_size_bits=27 page_ext=n vmemmap=y extreme=y", 64,
     {"stock": (16, 24, 256), "nofree": (16, 8, 256), "map": (32, 16, 128, 4)}),
    ("i386 classic sparse", "long=4 ptr=4 page_size=4096 section_size_bits=26 page_ext=n vmemmap=n extreme=n", 32,
     {"stock": (8, 8, 1), "map": (8, 8, 1, 2)}),
]


def recorded_got(row):
    got = {"mem_section": row[0], "usage": row[1], "sections_per_root": row[2]}
    if len(row) > 3:
        got["mem_section_words"] = row[3]
    return got


def self_test():
    res = []

    def case(name, ok):
        res.append(ok)
        print("%s host: section model: %s" % ("PASS" if ok else "FAIL", name))

    for label, fs, subsections, designs in RECORDED:
        f = facts(parse(fs.split()))
        bad = []
        for d, row in designs.items():
            bad += check(d, f, dict(recorded_got(row), subsections=subsections))
        case("%s agrees with the compiled sizes" % label, not bad)
        if bad:
            print("\n".join("  " + b for b in bad))
    f = facts(parse(RECORDED[1][1].split()))
    nofree = dict(recorded_got((16, 8, 256)), subsections=64)
    stock = dict(nofree, usage=24)

    def caught(text, design, got, fs=f):
        return any(text in b for b in check(design, fs, got))

    # nofree whose overlay did not take: stock's usage block
    case("an overlay that did not take (nofree with stock's usage block) is caught",
         caught("usage compiled 24", "nofree", stock))
    # map: a structure that is not a power of two
    m = dict(recorded_got((24, 16, 170, 3)), subsections=64)
    case("a map structure of 3 words is caught", len(check("map", f, m)) >= 2)
    case("a value that did not come back is caught",
         check("stock", f, {"mem_section": 16, "usage": 24, "subsections": 64}) ==
         ["stock: sections_per_root not compiled"])
    case("a target built with the wrong page size is caught",
         caught("page_size compiled 16384", "stock", dict(stock, page_size=16384)))
    roots = dict(stock, max_physmem_bits=46)
    case("a root count that does not follow from MAX_PHYSMEM_BITS is caught",
         caught("nr_section_roots", "stock", dict(roots, nr_section_roots=4096)) and
         not check("stock", f, dict(roots, nr_section_roots=2048)))
    flags = dict(stock, pageblock_order=9, nr_pageblock_bits=8)
    case("pageblock flags that do not cover the section are caught",
         caught("blockflags_bytes", "stock", dict(flags, blockflags_bytes=32)) and
         not check("stock", f, dict(flags, blockflags_bytes=64)))
    case("a constant that did not compile is caught where it is required",
         caught("nr_section_roots not compiled", "stock", stock,
                dict(f, require=["nr_section_roots"])))
    case("MEM_SECTION_WORDS outside the map design is caught",
         caught("MEM_SECTION_WORDS", "stock", dict(stock, mem_section_words=2)))
    return 0 if all(res) else 1


def main(argv):
    if argv[1:2] == ["self-test"]:
        return self_test()
    if len(argv) < 4 or argv[1] != "check" or argv[2] not in DESIGNS or "--" not in argv:
        sys.stderr.write(__doc__)
        return 2
    sep = argv.index("--")
    try:
        f = facts(parse(argv[3:sep]))
        bad = check(argv[2], f, parse(argv[sep + 1:]))
    except ValueError as e:
        print("section model: %s" % e)
        return 1
    for b in bad:
        print(b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
