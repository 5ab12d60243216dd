# shellcheck shell=bash
# Common settings for the harness scripts.  Sourced, never run.

set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$TOP/build}
# Each flavour keeps its source and its O= output side by side, so compiler
# command lines are the same relative to CCACHE_BASEDIR and the two builds
# share ccache hits for every file the series leaves alone.
KTREE=$BUILD_DIR/patched/linux      # git tree: tag "base" + branch "series"
KSTOCK=$BUILD_DIR/stock/linux       # worktree of KTREE at tag "base"
KSTABLE=$BUILD_DIR/stable/linux     # worktree: base + patches/stable only
RESULTS=$BUILD_DIR/results          # per-run logs and guest results
# The base: Debian's build of mainline 7.3.  Debian 12 does not carry it;
# deps.sh takes it from the suite below (see apt_suite_for).
KSRC_PKG=linux-source-7.3
KSRC_SUITE=trixie-backports
KSRC_TARBALL=/usr/src/$KSRC_PKG.tar.xz
BASE_VERSION=$(cat "$TOP/patches/BASE_VERSION")
JOBS=${JOBS:-$(nproc)}

export CCACHE_DIR=${CCACHE_DIR:-${HOME:-/root}/.cache/subsection-ccache}
export CCACHE_BASEDIR=$BUILD_DIR
export CCACHE_NOHASHDIR=1
export CCACHE_COMPILERCHECK=content
# Depend mode: a miss compiles once, without the extra preprocessor run
# ccache otherwise makes to hash the preprocessed text (kbuild passes
# -Wp,-MMD, whose list of headers ccache hashes instead).  On a cold
# cache that saves 9-35% per file here (mm/memory.c 2.74 s -> 2.50 s,
# fs/statfs.c 1.10 s -> 0.71 s); hits need the same headers either way.
export CCACHE_DEPEND=${CCACHE_DEPEND:-1}

# apt_mirror [security]: the Debian archive URI this machine's apt uses
# (or its security archive), read from apt-cache policy: the URIs apt has
# in use, each with its release line (o=Debian, l=Debian or
# l=Debian-Security).  The repository names no host of its own.
apt_mirror() {
	local want=Debian
	[ "${1:-}" = security ] && want=Debian-Security
	apt-cache policy 2>/dev/null | awk -v want="$want" '
		$2 ~ /^[a-z+]+:\/\// { uri = $2; next }
		/^ *release / && uri != "" {
			if ($0 ~ ("[ ,]o=Debian,") && $0 ~ ("[ ,]l=" want "(,|$)")) {
				print uri; exit
			}
			uri = ""
		}'
}

say()  { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die()  { printf 'error: %s\n' "$*" >&2; exit 1; }
warn() { printf '\n*** WARNING: %s ***\n\n' "$*" >&2; }

# The flavours a job can run on.  "patched" is the series branch, "stock"
# is the unmodified Debian base built with the same config.
flavour_src() {
	case $1 in
	stock)   echo "$KSTOCK" ;;
	patched) echo "$KTREE" ;;
	stable)  echo "$KSTABLE" ;;
	# Backports (make backport): another Debian kernel, stock and with
	# patches/backport-VER/series.  Source beside output, as above.
	stock-[0-9]*.*|stable-[0-9]*.*) echo "$BUILD_DIR/$1/linux" ;;
	# One commit of the series, or the base with an alternative design
	# (make bench-steps); a detached worktree of KTREE.
	rev-*) echo "$BUILD_DIR/$1/linux" ;;
	*) die "unknown flavour '$1' (want stock, patched, stable, stock-VER, stable-VER or rev-NAME)" ;;
	esac
}

# Output directory of a flavour; "debug" builds live beside the slim ones.
# DEBUG=1 (config/debug.config) and KDUMP=1 (config/kdump.config) build
# and boot kernels of their own, beside the plain one.
# NVT_ARCH (make check-arch) names another architecture's guest: its
# kernels live beside the x86-64 ones too.
flavour_out() { echo "$BUILD_DIR/$1/out${NVT_ARCH:+-$NVT_ARCH}${DEBUG:+-debug}${KDUMP:+-kdump}"; }

# arch_target NAME: the guests of make check-arch, one line each: the
# kernel's ARCH, Debian's cross compiler prefix, the boot image, the
# config fragment (config/arch-FRAG.config), the page-size option and the
# Debian architecture of the guest's userland.
ARCH_TARGETS="arm64-4k arm64-64k ppc64le riscv64"
arch_target() {
	case $1 in
	arm64-4k)  echo "arm64 aarch64-linux-gnu- arch/arm64/boot/Image arm64 CONFIG_ARM64_4K_PAGES=y arm64" ;;
	arm64-64k) echo "arm64 aarch64-linux-gnu- arch/arm64/boot/Image arm64 CONFIG_ARM64_64K_PAGES=y arm64" ;;
	ppc64le)   echo "powerpc powerpc64le-linux-gnu- vmlinux ppc64le CONFIG_PPC_64K_PAGES=y ppc64el" ;;
	riscv64)   echo "riscv riscv64-linux-gnu- arch/riscv/boot/Image riscv64 CONFIG_64BIT=y riscv64" ;;
	*) die "unknown architecture target '$1' (want one of: $ARCH_TARGETS)" ;;
	esac
}

# sparse_o_cmd OUT SRC DEST FLAG...: the compiler command that built OUT's
# mm/sparse.o, retargeted to compile SRC into DEST with FLAGs (-c or -S,
# -g, a -Wp,-MMD of the caller's own) in place of "-c", and without
# sparse.o's dependency file.  Relative paths are from OUT, where it runs.
sparse_o_cmd() {
	local out=$1 src=$2 dest=$3 cmd
	shift 3
	cmd=$(sed -n 's/^savedcmd_mm\/sparse.o := //p' "$out/mm/.sparse.o.cmd" 2>/dev/null)
	cmd=${cmd/" -Wp,-MMD,mm/.sparse.o.d "/" "}
	cmd=${cmd/" -c -o mm/sparse.o "/" $* -o $dest "}
	cmd=$(sed -e "s# [^ ]*/mm/sparse\.c *\$# $src#" <<< "$cmd")
	case $cmd in
	*" -o $dest $src") echo "$cmd" ;;
	*) echo "unexpected compiler command for mm/sparse.o in $out" >&2; return 1 ;;
	esac
}

# The combined digest of the patches patches/series lists: what prepare
# applied and export wrote are compared through it.
series_digest() {
	(cd "$TOP/patches" && grep -v -e '^#' -e '^$' series 2>/dev/null |
		xargs -r cat | sha256sum | cut -d' ' -f1) || true
}

# The patches of patches/stable (file names from patches/series, in series
# order), and their digest; empty when there is no stable subset.
stable_patches() {
	grep -v -e '^#' -e '^$' "$TOP/patches/stable" 2>/dev/null || true
}
stable_digest() {
	local files
	files=$(stable_patches)
	[ -n "$files" ] || return 0
	(cd "$TOP/patches" && xargs cat <<< "$files" | sha256sum | cut -d' ' -f1)
}

# verify_config DOTCONFIG FRAGMENT...: every CONFIG_ line of the fragments
# took effect (=n means absent or unset); where fragments set the same
# symbol, the last one counts (as merge_config.sh merges them).  Reports
# each miss, fails if any.
verify_config() {
	local cfg=$1 bad=0 line sym val
	shift
	while IFS= read -r line; do
		sym=${line%%=*}; val=${line#*=}
		if [ "$val" = n ]; then
			grep -q "^$sym=" "$cfg" || continue
		else
			grep -qxF "$line" "$cfg" && continue
		fi
		echo "config: wanted '$line', got '$(grep -E "^(# )?$sym[= ]" "$cfg" || echo unset)'" >&2
		bad=1
	done < <(cat "$@" | grep -E '^CONFIG_[A-Za-z0-9_]+=' |
		awk -F= '{ v[$1] = $0; if (!($1 in o)) o[$1] = n++ }
			END { for (k in o) print o[k] "\t" v[k] }' | sort -n | cut -f2-)
	[ $bad = 0 ]
}

# run_dir NAME: the newest run directory that boot.sh -n NAME made.  (A
# job finds its own run by name, not through $RESULTS/last, which any
# other boot running beside it may overwrite.)
run_dir() {
	local d
	d=$(ls -1d "$RESULTS"/*-"$1" 2>/dev/null | tail -n 1)
	[ -n "$d" ] && echo "$d"
}

# planned_scenarios TOPO [SCENARIOS]: the scenarios a boot of TOPO runs,
# space-separated: SCENARIOS (space- or comma-separated) when given, else
# the topology's line of tests/guest/manifest; K1 brings K2 (the capture
# kernel's half of make check-kdump).
planned_scenarios() {
	local s=${2:-}
	[ -n "$s" ] || s=$(awk -v t="$1" '$1 == t { $1 = ""; print }' "$TOP/tests/guest/manifest")
	s=$(tr ',' ' ' <<< "$s" | xargs)
	case " $s " in *" K1 "*) s+=" K2" ;; esac
	echo "$s"
}

# boot_results FLAVOUR TOPO SCENARIOS LABEL SUMMARY [BOOT_ARG...]: boot one
# topology (scripts/boot.sh, with BOOT_ARGs) and append its result lines to
# the file SUMMARY, each tagged "[LABEL TOPO]"; a boot that left no results
# is a FAIL.  BOOT_RUN is then the run's directory.
boot_results() {
	local f=$1 t=$2 scn=$3 label=$4 summary=$5 name run
	shift 5
	# (NVT_RUN_TAG tells apart two boots of one flavour and topology
	# that run side by side)
	name=run$$-$f-$t${NVT_RUN_TAG:+-$NVT_RUN_TAG}
	local rc=0
	"$TOP/scripts/boot.sh" -f "$f" -t "$t" -s "$scn" -n "$name" "$@" || rc=$?
	run=$(run_dir "$name") || run=$(mktemp -d)
	BOOT_RUN=$run
	mkdir -p "$run/share"
	[ -f "$run/share/results.txt" ] ||
		echo "FAIL boot: no results from $f $t" > "$run/share/results.txt"
	# boot.sh's verdict must be in the file: a guest-health line, and a
	# failing boot.sh must have left a FAIL.
	grep -qE '^(PASS|FAIL|XFAIL) guest-health:' "$run/share/results.txt" ||
		echo "FAIL boot: no guest-health verdict from $f $t (boot.sh rc=$rc)" >> "$run/share/results.txt"
	[ $rc = 0 ] || grep -q '^FAIL' "$run/share/results.txt" ||
		echo "FAIL boot: boot.sh failed (rc=$rc) with no failed result" >> "$run/share/results.txt"
	sed -E "s/^(PASS|FAIL|XFAIL|SKIP) ([^:]*):/\1 [$label $t] \2:/" \
		"$run/share/results.txt" >> "$summary"
	if grep -q '^FAIL' "$run/share/results.txt"; then
		say "logs of the failed run: $run"
	fi
}

# host_tests SUMMARY: the tests without a guest (make check-fast, and the
# start of make check), their result lines appended to SUMMARY: the host
# tools, the oracle, pfnbench --walk over the series and checkpatch.
host_tests() {
	local walk=$BUILD_DIR/pfnbench/walk log=$BUILD_DIR/pfnbench/walk.log line
	"$TOP/tests/host/run" >> "$1" 2>&1 || true
	"$TOP/tests/host/oracle" >> "$1" 2>&1 || true
	# Every commit of the series: its pfn_valid() (both PAGE_EXTENSION
	# configurations) agrees with the reference on random and boundary
	# pfns (tests/tools/pfnbench/README.md).
	# (run.sh empties its --out directory: the log lives beside it)
	mkdir -p "$walk"
	"$TOP/tests/tools/pfnbench/run.sh" --walk base..series --sizes 64G,1T --verify 262144 \
		--repo "$KTREE" --out "$walk" > "$log" 2>&1 || true
	line=$(tail -n 1 "$log")
	if [[ $line =~ ^([0-9]+)\ passed,\ 0\ failed$ ]] && [ "${BASH_REMATCH[1]}" -gt 0 ]; then
		echo "PASS host: pfnbench --walk base..series: $line" >> "$1"
	else
		echo "FAIL host: pfnbench --walk base..series: ${line:-no summary} (log: $log)" >> "$1"
	fi
	"$TOP/scripts/checkpatch.sh" >> "$1" || true
}

# report TITLE SUMMARY: print the result lines of SUMMARY (and remove it)
# under TITLE, then one line that splits them by kind and the closing
# "N passed, N failed, N skipped".  The kinds: scenario verdicts (one per
# scenario and boot; an XFAIL is a stock or known defect showing exactly
# as named, and counts as passed), guest health (one per boot, and the
# console's expected-defect lines), host tool tests, oracle tests (the
# verdict code against recorded consoles and results) and checkpatch.
# Fails when anything failed or nothing passed.
report() {
	echo
	echo "=== $1 ==="
	cat "$2"
	awk '
		match($0, /^(PASS|XFAIL|FAIL|SKIP) /) {
			v = substr($0, 1, RLENGTH - 1); rest = substr($0, RLENGTH + 1)
			sub(/^\[[^]]*\] /, "", rest)
			k = "scenarios"
			if (rest ~ /^(guest-health|setup-[^:]*|boot):/) k = "health"
			else if (rest ~ /^host[ :-]/) k = "host tools"
			else if (rest ~ /^oracle[ :-]/) k = "oracle"
			else if (rest ~ /^checkpatch:/) k = "checkpatch"
			n[k, v]++; seen[k] = 1; all[v]++
		}
		END {
			split("scenarios|health|host tools|oracle|checkpatch", order, "|")
			line = ""
			for (i = 1; i <= 5; i++) {
				k = order[i]
				if (!(k in seen)) continue
				p = n[k, "PASS"] + n[k, "XFAIL"]
				s = k ": " p " passed"
				if (n[k, "XFAIL"]) s = s " (" n[k, "XFAIL"] " XFAIL)"
				s = s ", " n[k, "FAIL"] + 0 " failed"
				if (n[k, "SKIP"]) s = s ", " n[k, "SKIP"] " skipped"
				line = line (line == "" ? "" : "; ") s
			}
			if (line != "") print line
			printf("%d passed, %d failed, %d skipped\n", all["PASS"] + all["XFAIL"], all["FAIL"], all["SKIP"])
			exit !(all["FAIL"] == 0 && all["PASS"] + all["XFAIL"] > 0)
		}' "$2"
	local rc=$?
	rm -f "$2"
	return $rc
}

# True when the series changes nothing, so stock and patched are one kernel.
series_is_empty() {
	[ -z "$(git -C "$KTREE" diff --name-only base series -- 2>/dev/null)" ]
}

# The word size, PAGE_SIZE and SECTION_SIZE_BITS of make memcost's and make
# cross's targets (each arch's asm/sparsemem.h and page-size choice): with
# a .config's PAGE_EXTENSION, SPARSEMEM_VMEMMAP and SPARSEMEM_EXTREME, the
# facts tests/host/section_model.py lays the sparsemem designs out from.
declare -A SECTION_GEOM=(
	[x86_64-4l]="8 4096 27" [x86_64-5l]="8 4096 27"
	[arm64-4k]="8 4096 27" [arm64-16k]="8 16384 27" [arm64-64k]="8 65536 29"
	[ppc64le]="8 65536 24" [ppc64le-4k]="8 4096 24"
	[s390x]="8 4096 27" [riscv64]="8 4096 27"
	[loongarch64]="8 16384 29" [sparc64]="8 8192 30"
	[i386-classic]="4 4096 26"
)
# section_layout_check TARGET OUT DESIGN KEY=VALUE...: the compiled sizes
# (KEY=VALUE, and optionally require=KEY,...) against DESIGN's layout for
# TARGET built in OUT; prints each mismatch, and fails on any.
section_layout_check() {
	local target=$1 out=$2 d=$3 lng page ssb
	shift 3
	read -r lng page ssb <<< "${SECTION_GEOM[$target]:-}"
	python3 "$TOP/tests/host/section_model.py" check "$d" long="$lng" ptr="$lng" \
		page_size="$page" section_size_bits="$ssb" \
		page_ext="$(config_y "$out" PAGE_EXTENSION)" vmemmap="$(config_y "$out" SPARSEMEM_VMEMMAP)" \
		extreme="$(config_y "$out" SPARSEMEM_EXTREME)" -- "$@"
}
# config_y OUT NAME: y when OUT/.config sets CONFIG_NAME=y, else n.
config_y() { grep -q "^CONFIG_$2=y" "$1/.config" && echo y || echo n; }
