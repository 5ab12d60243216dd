#!/usr/bin/env python3
"""Copy the kernel's own pfn_valid() code path out of a kernel git tree.

usage: extract.py [--repo DIR] [--no-online] REV OUT.h

Reads (never checks out) REV:include/linux/mmzone.h and
REV:mm/memory_hotplug.c with `git show` and writes OUT.h, which holds:

  * a generated header: the revision, its commit, the line ranges copied,
    and a few PFNBENCH_* macros describing what the extractor found (where
    the sub-section map lives, ...);
  * the contiguous line range of mmzone.h from `#define PA_SECTION_SHIFT`
    to the `#endif` that closes `#ifndef CONFIG_HAVE_ARCH_PFN_VALID` after
    pfn_valid(), verbatim, behind a #line directive;
  * pfn_to_online_page() from mm/memory_hotplug.c (the function body up to
    its closing brace), verbatim, behind a #line directive.

Nothing of the kernel text is edited; the shims in shim.h supply what it
needs.  Every anchor must be found exactly once, or the script exits with
status 1 and says which one is missing.
"""

import argparse
import os
import hashlib
import re
import subprocess
import sys

MMZONE = "include/linux/mmzone.h"
HOTPLUG = "mm/memory_hotplug.c"

# Start anchors, tried in order: the first found is used.
START_ANCHORS = [r"^#define\s+PA_SECTION_SHIFT\b", r"^#define\s+PFN_SECTION_SHIFT\b"]
PFN_VALID = r"^static\s+(__always_)?inline\s+(int|bool)\s+pfn_valid\s*\(\s*unsigned long pfn\s*\)\s*$"
ONLINE = r"^struct page\s*\*\s*pfn_to_online_page\s*\(\s*unsigned long pfn\s*\)\s*$"

# Text that must be part of the copied range (pfn_valid()'s dependencies).
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
    (r"\bvalid_section\s*\(struct", "valid_section()"),
    (r"\bearly_section\s*\(struct", "early_section()"),
    (r"\bonline_section\s*\(struct", "online_section()"),
    (r"\bsubsection_map_index\s*\(", "subsection_map_index()"),
    (r"\bpfn_section_valid\s*\(", "pfn_section_valid()"),
]

COND_OPEN = re.compile(r"^\s*#\s*(if|ifdef|ifndef)\b")
COND_CLOSE = re.compile(r"^\s*#\s*endif\b")


def die(msg):
    sys.stderr.write("extract.py: FAIL: %s\n" % msg)
    sys.exit(1)


def git(repo, *args):
    try:
        return subprocess.run(["git", "-C", repo] + list(args), check=True,
                              capture_output=True, text=True).stdout
    except subprocess.CalledProcessError as e:
        die("git %s: %s" % (" ".join(args), e.stderr.strip()))


def find_unique(lines, pattern, start=0, what=None):
    rx = re.compile(pattern)
    hits = [i for i in range(start, len(lines)) if rx.search(lines[i])]
    if len(hits) != 1:
        die("anchor %s: %d matches (want exactly 1)" % (what or pattern, len(hits)))
    return hits[0]


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
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
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
    close = next((i for i in range(pv, len(lines)) if lines[i].startswith("}")), None)
    if close is None:
        die("no closing brace after pfn_valid()")
    end = next((i for i in range(close + 1, len(lines)) if lines[i].strip()), None)
    if end is None or not COND_CLOSE.match(lines[end]):
        die("the first line after pfn_valid()'s closing brace is not #endif "
            "(got %r)" % (lines[end] if end is not None else "EOF"))
    # That #endif must close an #ifndef CONFIG_HAVE_ARCH_PFN_VALID.
    depth, opener = 0, None
    for i in range(end - 1, start - 1, -1):
        if COND_CLOSE.match(lines[i]):
            depth += 1
        elif COND_OPEN.match(lines[i]):
            if depth == 0:
                opener = i
                break
            depth -= 1
    if opener is None or "CONFIG_HAVE_ARCH_PFN_VALID" not in lines[opener]:
        die("the #endif after pfn_valid() does not close "
            "#ifndef CONFIG_HAVE_ARCH_PFN_VALID (opener: %r)"
            % (lines[opener] if opener is not None else None))
    return start, end


def extract_online(lines):
    s = find_unique(lines, ONLINE, 0, "pfn_to_online_page() definition")
    e = next((i for i in range(s, len(lines)) if lines[i].startswith("}")), None)
    if e is None:
        die("no closing brace after pfn_to_online_page()")
    return s, e


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repo", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../build/patched/linux"))
    ap.add_argument("--no-online", action="store_true",
                    help="do not copy pfn_to_online_page()")
    ap.add_argument("rev")
    ap.add_argument("out")
    a = ap.parse_args()

    sha = git(a.repo, "rev-parse", "--verify", a.rev + "^{commit}").strip()
    subject = git(a.repo, "log", "-1", "--format=%h %s", sha).strip()
    mm = git(a.repo, "show", "%s:%s" % (sha, MMZONE)).split("\n")
    s, e = extract_mmzone(mm)
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

    online = None
    if not a.no_online:
        hp = git(a.repo, "show", "%s:%s" % (sha, HOTPLUG)).split("\n")
        os_, oe = extract_online(hp)
        online = (os_, oe, hp[os_:oe + 1])

    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    out = []
    out.append("/* Generated by tests/tools/pfnbench/extract.py: do not edit. */")
    out.append("/* rev %s = %s (%s) */" % (a.rev, sha, subject.replace("*/", "* /")))
    out.append("/* %s lines %d-%d, sha256 %s */" % (MMZONE, s + 1, e + 1, digest))
    if online:
        out.append("/* %s lines %d-%d */" % (HOTPLUG, online[0] + 1, online[1] + 1))
    out.append('#define PFNBENCH_REV "%s"' % a.rev.replace('"', ""))
    out.append('#define PFNBENCH_COMMIT "%s"' % sha)
    out.append('#define PFNBENCH_MMZONE_LINES "%d-%d"' % (s + 1, e + 1))
    out.append("#define PFNBENCH_MAP_IN_SECTION %d" % in_section)
    out.append("#define PFNBENCH_MAP_IN_USAGE %d" % in_usage)
    out.append("#define PFNBENCH_HAS_USAGE_PTR %d" % has_usage_ptr)
    out.append("#define PFNBENCH_USAGE_HAS_RCU %d" % has_rcu)
    out.append("#define PFNBENCH_HAS_NR_TO_SECTION_BOUNDED %d" % has_bounded)
    out.append("#define PFNBENCH_HAS_SECTION_PFN_VALID %d" % has_spv)
    out.append("#define PFNBENCH_HAVE_ONLINE %d" % (online is not None))
    out.append("")
    out.append('#line %d "%s:%s"' % (s + 1, a.rev, MMZONE))
    out.extend(part)
    if online:
        out.append("")
        out.append('#line %d "%s:%s"' % (online[0] + 1, a.rev, HOTPLUG))
        out.extend(online[2])
    out.append("")
    with open(a.out, "w") as f:
        f.write("\n".join(out))
    print("extract.py: %s (%s): %s lines %d-%d%s; map in %s%s" % (
        a.rev, sha[:12], MMZONE, s + 1, e + 1,
        (", %s lines %d-%d" % (HOTPLUG, online[0] + 1, online[1] + 1)) if online else "",
        "struct mem_section" if in_section else "struct mem_section_usage",
        ", __nr_to_section_bounded()" if has_bounded else ""))


if __name__ == "__main__":
    main()
