#!/usr/bin/env python3
"""Copy the kernel's own pfn_valid() code path out of a kernel git tree.

usage: extract.py [--repo DIR] [--no-online] [--kconfig FILE] REV OUT.h

Reads (never checks out) REV:include/linux/mmzone.h, REV:mm/sparse.h and
REV:mm/memory_hotplug.c with `git show` and writes OUT.h, which holds:

  * a generated header: the revision, its commit, the line ranges copied,
    and a few PFNBENCH_* macros describing what the extractor found (where
    the sub-section map lives, ...);
  * the contiguous line range of mmzone.h from `#define PA_SECTION_SHIFT`
    to the `#endif` of the `#ifndef CONFIG_HAVE_ARCH_PFN_VALID` block that
    holds pfn_valid() (in 7.3 that block also holds first_valid_pfn(),
    next_valid_pfn() and for_each_valid_pfn()), verbatim, behind a #line
    directive;
  * the line range of mm/sparse.h from sparse_init_one_section() to the
    closing brace of mem_section_usage_size() (with __section_mark_present()
    between them), verbatim, behind a #line directive: the builder uses
    these to lay out the sections;
  * pfn_to_online_page() from mm/memory_hotplug.c (the function body up to
    its closing brace), verbatim, behind a #line directive.

Nothing of the kernel text is edited; the shims in shim.h supply what it
needs.  Every anchor must be found exactly once, every definition in the
pfn_valid() block must be one this benchmark knows, and every Kconfig
symbol the copied text tests must be decided by shim.h (with --kconfig,
as in that configuration file); otherwise the script exits with status 1
and says what it found.
"""

import argparse
import hashlib
import lzma
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MMZONE = "include/linux/mmzone.h"
SPARSE_H = "mm/sparse.h"
HOTPLUG = "mm/memory_hotplug.c"

# Start anchors, tried in order: the first found is used.
START_ANCHORS = [r"^#define\s+PA_SECTION_SHIFT\b", r"^#define\s+PFN_SECTION_SHIFT\b"]
PFN_VALID = r"^static\s+(__always_)?inline\s+(int|bool)\s+pfn_valid\s*\(\s*unsigned long pfn\s*\)\s*$"
ARCH_PFN_VALID_OPEN = re.compile(r"^#\s*ifndef\s+CONFIG_HAVE_ARCH_PFN_VALID\s*$")
ONLINE = r"^struct page\s*\*\s*pfn_to_online_page\s*\(\s*unsigned long pfn\s*\)\s*$"
# mm/sparse.h: the first and the last function of the copied range.
SPARSE_FIRST = r"^static\s+inline\s+void\s+sparse_init_one_section\s*\("
SPARSE_LAST = r"^static\s+inline\s+size_t\s+mem_section_usage_size\s*\(\s*void\s*\)\s*$"

# What the #ifndef CONFIG_HAVE_ARCH_PFN_VALID block may define.  pfn_valid()
# is required; the others are 7.3's for_each_valid_pfn() machinery, which
# the driver verifies too.  Anything else: the benchmark does not know it.
ARCH_PFN_VALID_BLOCK = {"pfn_valid", "first_valid_pfn", "next_valid_pfn",
                        "for_each_valid_pfn"}
# What the copied range of mm/sparse.h must define, and nothing else.
SPARSE_H_ITEMS = {"sparse_init_one_section", "__section_mark_present",
                  "mem_section_usage_size"}

# Text that must be part of the copied mmzone.h range (pfn_valid()'s
# dependencies).
REQUIRED = [
    (r"struct mem_section_usage\s*\{", "struct mem_section_usage"),
    (r"struct mem_section\s*\{", "struct mem_section"),
    (r"#define\s+SECTIONS_PER_ROOT\b", "SECTIONS_PER_ROOT"),
    (r"#define\s+NR_SECTION_ROOTS\b", "NR_SECTION_ROOTS"),
    (r"#define\s+SECTION_ROOT_MASK\b", "SECTION_ROOT_MASK"),
    (r"#define\s+SECTION_NR_TO_ROOT\b", "SECTION_NR_TO_ROOT"),
    (r"#define\s+NR_MEM_SECTIONS\b", "NR_MEM_SECTIONS"),
    (r"\bSECTION_MARKED_PRESENT\b", "SECTION_MARKED_PRESENT"),
    (r"\bSECTION_HAS_MEM_MAP\b", "SECTION_HAS_MEM_MAP"),
    (r"\bSECTION_IS_ONLINE\b", "SECTION_IS_ONLINE"),
    (r"\bSECTION_IS_EARLY\b", "SECTION_IS_EARLY"),
    (r"\*__nr_to_section\s*\(", "__nr_to_section()"),
    (r"\*__pfn_to_section\s*\(", "__pfn_to_section()"),
    (r"\bvalid_section\s*\(\s*(const\s+)?struct", "valid_section()"),
    (r"\bearly_section\s*\(\s*(const\s+)?struct", "early_section()"),
    (r"\bonline_section\s*\(\s*(const\s+)?struct", "online_section()"),
    (r"\bsubsection_map_index\s*\(", "subsection_map_index()"),
    (r"\bpfn_section_valid\s*\(", "pfn_section_valid()"),
    (r"\bextern\s+unsigned\s+long\s+__highest_present_section_nr\s*;",
     "extern __highest_present_section_nr"),
]

COND_OPEN = re.compile(r"^\s*#\s*(if|ifdef|ifndef)\b")
COND_ELSE = re.compile(r"^\s*#\s*(else|elif|elifdef|elifndef)\b")
COND_CLOSE = re.compile(r"^\s*#\s*endif\b")
CONFIG_SYM = re.compile(r"\bCONFIG_[A-Za-z0-9_]+\b")


def die(msg):
    sys.stderr.write("extract.py: FAIL: %s\n" % msg)
    sys.exit(1)


def git(repo, *args):
    try:
        return subprocess.run(["git", "-C", repo] + list(args), check=True,
                              capture_output=True, text=True).stdout
    except subprocess.CalledProcessError as e:
        die("git %s: %s" % (" ".join(args), e.stderr.strip()))


def find_unique(lines, pattern, start=0, what=None, end=None):
    rx = re.compile(pattern)
    hits = [i for i in range(start, len(lines) if end is None else end)
            if rx.search(lines[i])]
    if len(hits) != 1:
        die("anchor %s: %d matches (want exactly 1)" % (what or pattern, len(hits)))
    return hits[0]


def closing_brace(lines, start, what):
    """The first line at or after start that begins with '}'."""
    e = next((i for i in range(start, len(lines)) if lines[i].startswith("}")), None)
    if e is None:
        die("no closing brace after %s" % what)
    return e


def struct_body(text, name):
    """The text between `struct NAME {` and its matching close brace."""
    m = re.search(r"struct\s+%s\s*\{" % re.escape(name), text)
    if not m:
        die("struct %s not found in the copied range" % name)
    depth, i = 1, m.end()
    while depth and i < len(text):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
        i += 1
    if depth:
        die("struct %s: unbalanced braces" % name)
    return text[m.end():i - 1]


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", lambda m: re.sub(r"[^\n]", " ", m.group(0)), text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def check_conditionals(lines, what):
    depth = 0
    for n, l in enumerate(lines):
        if COND_OPEN.match(l):
            depth += 1
        elif COND_CLOSE.match(l):
            depth -= 1
            if depth < 0:
                die("%s: #endif without #if at copied line %d" % (what, n + 1))
    if depth:
        die("%s: %d unclosed #if in the copied range" % (what, depth))


def top_level_items(lines, what):
    """The definitions at brace depth 0 of a block of C: a list of names.

    Accepted items: preprocessor conditionals (skipped), #define NAME
    (with continuation lines), and functions `... NAME(...) { ... }`.
    Anything else at depth 0 (a declaration, a variable, stray text) is
    refused, so that nothing in the block goes unnoticed."""
    code = strip_comments("\n".join(lines)).split("\n")
    items, depth, pending, i = [], 0, "", 0
    while i < len(code):
        l = code[i]
        s = l.strip()
        if depth == 0 and not pending.strip() and s.startswith("#"):
            m = re.match(r"#\s*define\s+(\w+)", s)
            if m:
                items.append(m.group(1))
            elif not (COND_OPEN.match(s) or COND_ELSE.match(s) or COND_CLOSE.match(s)):
                die("%s: unexpected preprocessor line %r" % (what, s))
            while code[i].rstrip().endswith("\\"):
                i += 1
            i += 1
            continue
        for ch in l:
            if ch == "{":
                if depth == 0:
                    m = re.search(r"\b(\w+)\s*\([^()]*(\([^()]*\)[^()]*)*\)\s*$", pending.strip())
                    if not m:
                        die("%s: a block at depth 0 that is not a function: %r"
                            % (what, pending.strip()[:80]))
                    items.append(m.group(1))
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth < 0:
                    die("%s: unbalanced braces" % what)
                if depth == 0:
                    pending = ""
            elif depth == 0:
                pending += ch
        if depth == 0:
            pending += " "
            if ";" in pending:
                die("%s: unexpected declaration at depth 0: %r" % (what, pending.strip()[:80]))
        i += 1
    if depth or pending.strip():
        die("%s: unterminated text at the end: %r" % (what, pending.strip()[:80]))
    return items


def cond_stack(lines, lo, hi, what, where=""):
    """The preprocessor conditionals open at line hi, counting from line
    lo: a list of [line index, seen #else/#elif], innermost last."""
    stack = []
    for i in range(lo, hi):
        if COND_OPEN.match(lines[i]):
            stack.append([i, False])
        elif COND_ELSE.match(lines[i]):
            if not stack:
                die("%s:%d: #else without #if%s" % (what, i + 1, where))
            stack[-1][1] = True
        elif COND_CLOSE.match(lines[i]):
            if not stack:
                die("%s:%d: #endif without #if%s" % (what, i + 1, where))
            stack.pop()
    return stack


def extract_mmzone(lines):
    start = None
    for a in START_ANCHORS:
        rx = re.compile(a)
        hits = [i for i, l in enumerate(lines) if rx.search(l)]
        if len(hits) == 1:
            start = hits[0]
            break
        if len(hits) > 1:
            die("start anchor %s: %d matches" % (a, len(hits)))
    if start is None:
        die("no start anchor (%s) in %s" % (" / ".join(START_ANCHORS), MMZONE))
    pv = find_unique(lines, PFN_VALID, start, "pfn_valid() definition")
    pv_close = closing_brace(lines, pv, "pfn_valid()")

    # The conditional that directly encloses pfn_valid() must be
    # #ifndef CONFIG_HAVE_ARCH_PFN_VALID, with no #else/#elif before it.
    stack = cond_stack(lines, start, pv, MMZONE, " in the copied range")
    if not stack or not ARCH_PFN_VALID_OPEN.match(lines[stack[-1][0]]):
        die("pfn_valid() (line %d) is not directly inside #ifndef "
            "CONFIG_HAVE_ARCH_PFN_VALID (innermost conditional: %r)"
            % (pv + 1, lines[stack[-1][0]] if stack else None))
    opener, in_else = stack[-1]
    if in_else:
        die("pfn_valid() (line %d) is in the #else branch of %r (line %d)"
            % (pv + 1, lines[opener], opener + 1))
    # Its matching #endif, with no #else/#elif at its level.
    depth, end = 0, None
    for i in range(opener + 1, len(lines)):
        if COND_OPEN.match(lines[i]):
            depth += 1
        elif COND_CLOSE.match(lines[i]):
            if depth == 0:
                end = i
                break
            depth -= 1
        elif COND_ELSE.match(lines[i]) and depth == 0:
            die("%s:%d: the #ifndef CONFIG_HAVE_ARCH_PFN_VALID block has an "
                "#else/#elif: %r" % (MMZONE, i + 1, lines[i]))
    if end is None:
        die("no #endif for #ifndef CONFIG_HAVE_ARCH_PFN_VALID (line %d)" % (opener + 1))
    if not pv_close < end:
        die("pfn_valid()'s closing brace (line %d) is not before the block's "
            "#endif (line %d)" % (pv_close + 1, end + 1))
    # Every definition of the block must be one the benchmark knows.
    block = top_level_items(lines[opener + 1:end],
                            "%s lines %d-%d (the #ifndef CONFIG_HAVE_ARCH_PFN_VALID block)"
                            % (MMZONE, opener + 2, end))
    unknown = [n for n in block if n not in ARCH_PFN_VALID_BLOCK]
    if unknown:
        die("the #ifndef CONFIG_HAVE_ARCH_PFN_VALID block (lines %d-%d) defines %s, "
            "which this benchmark does not know (known: %s): check what it is "
            "and teach extract.py and the driver about it"
            % (opener + 1, end + 1, ", ".join(unknown), ", ".join(sorted(ARCH_PFN_VALID_BLOCK))))
    dups = sorted(set(n for n in block if block.count(n) > 1))
    if dups:
        die("the #ifndef CONFIG_HAVE_ARCH_PFN_VALID block defines %s more than once"
            % ", ".join(dups))
    if block.count("pfn_valid") != 1:
        die("the #ifndef CONFIG_HAVE_ARCH_PFN_VALID block does not define pfn_valid()")
    walk = [n for n in ("first_valid_pfn", "next_valid_pfn", "for_each_valid_pfn") if n in block]
    if walk and len(walk) != 3:
        die("the #ifndef CONFIG_HAVE_ARCH_PFN_VALID block has only %s of "
            "first_valid_pfn(), next_valid_pfn(), for_each_valid_pfn()" % ", ".join(walk))
    return start, end, block


def extract_sparse_h(lines):
    s = find_unique(lines, SPARSE_FIRST, 0, "sparse_init_one_section() in " + SPARSE_H)
    last = find_unique(lines, SPARSE_LAST, 0, "mem_section_usage_size() in " + SPARSE_H)
    if last < s:
        die("%s: mem_section_usage_size() (line %d) comes before "
            "sparse_init_one_section() (line %d)" % (SPARSE_H, last + 1, s + 1))
    e = closing_brace(lines, last, "mem_section_usage_size()")
    part = lines[s:e + 1]
    check_conditionals(part, SPARSE_H)
    items = top_level_items(part, "%s lines %d-%d" % (SPARSE_H, s + 1, e + 1))
    if sorted(items) != sorted(SPARSE_H_ITEMS):
        die("%s lines %d-%d define %s; expected exactly %s"
            % (SPARSE_H, s + 1, e + 1, ", ".join(items) or "nothing",
               ", ".join(sorted(SPARSE_H_ITEMS))))
    return s, e


def extract_online(lines):
    s = find_unique(lines, ONLINE, 0, "pfn_to_online_page() definition")
    e = closing_brace(lines, s, "pfn_to_online_page()")
    return s, e


GUARD = re.compile(r"^(_\w*_H_?|__ASSEMBLER__|__GENERATING_BOUNDS_H)$")


def check_enclosing(lines, idx, what, decided):
    """The conditionals around line idx must all be taken with shim.h's
    Kconfig: #ifdef/#ifndef CONFIG_X as decided, or an #ifndef of an
    include guard (or __ASSEMBLER__, __GENERATING_BOUNDS_H).  Returns the
    CONFIG_ symbols involved."""
    stack = cond_stack(lines, 0, idx, what)
    syms = []
    for i, in_else in stack:
        m = re.match(r"^\s*#\s*(ifdef|ifndef)\s+(\w+)\s*(/\*.*\*/\s*)?$", lines[i])
        if not m:
            die("%s:%d: the copied text is inside %r, which extract.py cannot "
                "evaluate" % (what, i + 1, lines[i]))
        kind, name = m.group(1), m.group(2)
        if name.startswith("CONFIG_"):
            if name not in decided:
                die("%s:%d: the copied text is inside %r, and shim.h does not "
                    "decide %s" % (what, i + 1, lines[i], name))
            syms.append(name)
            taken = (decided[name] is not None) == (kind == "ifdef")
        elif kind == "ifndef" and GUARD.match(name):
            taken = True
        else:
            die("%s:%d: the copied text is inside %r, which extract.py cannot "
                "evaluate" % (what, i + 1, lines[i]))
        if in_else:
            taken = not taken
        if not taken:
            die("%s:%d: the copied text is in the branch of %r that shim.h's "
                "Kconfig does not compile" % (what, i + 1, lines[i]))
    return syms


def shim_kconfig():
    """shim.h's Kconfig decisions: {symbol: value or None (unset)} and the
    set of knob symbols (defined under #if PFNBENCH_*)."""
    path = os.path.join(HERE, "shim.h")
    with open(path) as f:
        text = f.read()
    m = re.search(r"/\* pfnbench-kconfig-begin \*/\n(.*?)/\* pfnbench-kconfig-end \*/",
                  text, re.S)
    if not m:
        die("%s: no pfnbench-kconfig-begin/end block" % path)
    decided, knobs, knob_depth = {}, set(), 0
    for l in m.group(1).split("\n"):
        if re.match(r"\s*#\s*if\s+PFNBENCH_", l):
            knob_depth += 1
        elif COND_CLOSE.match(l) and knob_depth:
            knob_depth -= 1
        d = re.match(r"\s*#\s*define\s+(CONFIG_\w+)\s+(\S+)", l)
        if d:
            decided[d.group(1)] = "y" if d.group(2) == "1" else d.group(2)
            if knob_depth:
                knobs.add(d.group(1))
        for u in re.findall(r"kconfig-unset:\s+(CONFIG_\w+)", l):
            if u in decided:
                die("%s: %s both defined and kconfig-unset" % (path, u))
            decided[u] = None
    return decided, knobs


def read_kconfig(path):
    try:
        if path.endswith(".xz"):
            with lzma.open(path, "rt") as f:
                text = f.read()
        else:
            with open(path) as f:
                text = f.read()
    except OSError as e:
        die("--kconfig %s: %s" % (path, e))
    conf = {}
    for l in text.split("\n"):
        m = re.match(r"(CONFIG_\w+)=(.*)$", l)
        if m:
            conf[m.group(1)] = m.group(2).strip('"')
    if not conf:
        die("--kconfig %s: no CONFIG_ line" % path)
    return conf


def check_kconfig(texts, kconfig, decided, knobs, used):
    """Every CONFIG_ symbol of the copied text is decided by shim.h; with a
    configuration file, every decision of shim.h (knobs aside) is its."""
    used = set(used)
    for what, t in texts:
        for sym in CONFIG_SYM.findall(strip_comments(t)):
            used.add(sym)
            if sym not in decided:
                die("%s tests %s, which shim.h neither defines nor lists as "
                    "kconfig-unset: decide it (as Debian's 7.3 amd64 config has it)"
                    % (what, sym))
    if kconfig:
        conf = read_kconfig(kconfig)
        for sym, val in sorted(decided.items()):
            if sym in knobs:
                continue
            have = conf.get(sym)
            if have in ("n", ""):
                have = None
            if have != val:
                die("shim.h has %s %s, %s has %s" % (
                    sym, "unset" if val is None else "=" + val, kconfig,
                    "it unset" if have is None else "=" + have))
    return sorted(used), len(decided) - len(knobs)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repo", default=os.path.join(HERE, "../../../build/patched/linux"))
    ap.add_argument("--no-online", action="store_true",
                    help="do not copy pfn_to_online_page()")
    ap.add_argument("--kconfig", metavar="FILE",
                    help="check shim.h's Kconfig decisions against this .config (.xz allowed)")
    ap.add_argument("rev")
    ap.add_argument("out")
    a = ap.parse_args()

    decided, knobs = shim_kconfig()
    sha = git(a.repo, "rev-parse", "--verify", a.rev + "^{commit}").strip()
    subject = git(a.repo, "log", "-1", "--format=%h %s", sha).strip()
    mm = git(a.repo, "show", "%s:%s" % (sha, MMZONE)).split("\n")
    s, e, block = extract_mmzone(mm)
    around = check_enclosing(mm, s, MMZONE, decided)
    part = mm[s:e + 1]
    check_conditionals(part, MMZONE)
    text = "\n".join(part)
    code = strip_comments(text)
    for rx, what in REQUIRED:
        if not re.search(rx, code):
            die("%s not found in %s lines %d-%d" % (what, MMZONE, s + 1, e + 1))

    usage = strip_comments(struct_body(text, "mem_section_usage"))
    sect = strip_comments(struct_body(text, "mem_section"))
    in_usage = "subsection_map" in usage
    in_section = "subsection_map" in sect
    if in_usage == in_section:
        die("subsection_map found in %s: cannot tell where the map lives"
            % ("both structs" if in_usage else "neither struct"))
    has_usage_ptr = re.search(r"\*\s*usage\s*;", sect) is not None
    has_rcu = "rcu_head" in usage
    has_bounded = re.search(r"\*__nr_to_section_bounded\s*\(", code) is not None
    has_spv = re.search(r"\bsection_pfn_valid\s*\(", code) is not None
    has_walk = "first_valid_pfn" in block

    sp = git(a.repo, "show", "%s:%s" % (sha, SPARSE_H)).split("\n")
    ss, se = extract_sparse_h(sp)
    around += check_enclosing(sp, ss, SPARSE_H, decided)
    sparse = (ss, se, sp[ss:se + 1])

    online = None
    if not a.no_online:
        hp = git(a.repo, "show", "%s:%s" % (sha, HOTPLUG)).split("\n")
        os_, oe = extract_online(hp)
        around += check_enclosing(hp, os_, HOTPLUG, decided)
        online = (os_, oe, hp[os_:oe + 1])

    texts = [("%s lines %d-%d" % (MMZONE, s + 1, e + 1), text),
             ("%s lines %d-%d" % (SPARSE_H, ss + 1, se + 1), "\n".join(sparse[2]))]
    if online:
        texts.append(("%s lines %d-%d" % (HOTPLUG, online[0] + 1, online[1] + 1),
                      "\n".join(online[2])))
    used, ndecided = check_kconfig(texts, a.kconfig, decided, knobs, around)

    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    out = []
    out.append("/* Generated by tests/tools/pfnbench/extract.py: do not edit. */")
    out.append("/* rev %s = %s (%s) */" % (a.rev, sha, subject.replace("*/", "* /")))
    out.append("/* %s lines %d-%d, sha256 %s */" % (MMZONE, s + 1, e + 1, digest))
    out.append("/* %s lines %d-%d */" % (SPARSE_H, ss + 1, se + 1))
    if online:
        out.append("/* %s lines %d-%d */" % (HOTPLUG, online[0] + 1, online[1] + 1))
    out.append("/* Kconfig symbols tested: %s */" % " ".join(used))
    out.append('#define PFNBENCH_REV "%s"' % a.rev.replace('"', ""))
    out.append('#define PFNBENCH_COMMIT "%s"' % sha)
    out.append('#define PFNBENCH_MMZONE_LINES "%d-%d"' % (s + 1, e + 1))
    out.append("#define PFNBENCH_MAP_IN_SECTION %d" % in_section)
    out.append("#define PFNBENCH_MAP_IN_USAGE %d" % in_usage)
    out.append("#define PFNBENCH_HAS_USAGE_PTR %d" % has_usage_ptr)
    out.append("#define PFNBENCH_USAGE_HAS_RCU %d" % has_rcu)
    out.append("#define PFNBENCH_HAS_NR_TO_SECTION_BOUNDED %d" % has_bounded)
    out.append("#define PFNBENCH_HAS_SECTION_PFN_VALID %d" % has_spv)
    out.append("#define PFNBENCH_HAS_FIRST_VALID_PFN %d" % has_walk)
    out.append("#define PFNBENCH_HAVE_ONLINE %d" % (online is not None))
    out.append("")
    out.append('#line %d "%s:%s"' % (s + 1, a.rev, MMZONE))
    out.extend(part)
    out.append("")
    out.append('#line %d "%s:%s"' % (ss + 1, a.rev, SPARSE_H))
    out.extend(sparse[2])
    if online:
        out.append("")
        out.append('#line %d "%s:%s"' % (online[0] + 1, a.rev, HOTPLUG))
        out.extend(online[2])
    out.append("")
    with open(a.out, "w") as f:
        f.write("\n".join(out))
    print("extract.py: %s (%s): %s lines %d-%d (%s), %s lines %d-%d%s; map in %s%s; "
          "Kconfig: %d symbols tested, all decided%s" % (
              a.rev, sha[:12], MMZONE, s + 1, e + 1, ", ".join(block),
              SPARSE_H, ss + 1, se + 1,
              (", %s lines %d-%d" % (HOTPLUG, online[0] + 1, online[1] + 1)) if online else "",
              "struct mem_section" if in_section else "struct mem_section_usage",
              ", __nr_to_section_bounded()" if has_bounded else "",
              len(used),
              ("; shim.h's %d decisions = %s" % (ndecided, os.path.basename(a.kconfig)))
              if a.kconfig else ""))


if __name__ == "__main__":
    main()
