#!/bin/bash
# make distro: the directories the series touches, built with Debian's own
# amd64 kernel configuration (package linux-config-7.3, from the suite the base comes from) and with the guest
# configuration, stock and patched; and sparse (C=2) on every C file the
# series changes, stock and patched.  A warning is new when the patched
# build prints it and stock does not (compared without line numbers, so
# code that only moved is not new).  Ends with "N passed, N failed": one
# result per configuration and one for sparse.
#
#   DISTRO_DIRS="mm/ drivers/nvdimm/ drivers/dax/"   what to build
source "$(dirname "$0")/lib.sh"

"$TOP/scripts/deps.sh" "linux-config-7.3@$KSRC_SUITE" sparse
"$TOP/scripts/prepare-tree.sh"
read -r -a dirs <<< "${DISTRO_DIRS:-mm/ drivers/nvdimm/ drivers/dax/}"
debian_cfg=/usr/src/linux-config-7.3/config.amd64_none_amd64.xz
[ -f "$debian_cfg" ] || die "no $debian_cfg"
t0=$SECONDS
summary=$(mktemp)

# configure SRC OUT KIND: Debian's config, or tinyconfig + the guest one.
configure() {
	local src=$1 out=$2 kind=$3
	mkdir -p "$out"
	if [ "$kind" = debian ]; then
		xz -dc "$debian_cfg" > "$out/.config"
		# Debian signs modules with keys that are not in the source
		# package; nothing here is signed or loaded.
		"$src/scripts/config" --file "$out/.config" \
			--set-str SYSTEM_TRUSTED_KEYS "" --set-str SYSTEM_REVOCATION_KEYS "" \
			-d MODULE_SIG_ALL -d DEBUG_INFO_BTF
		make -s -C "$src" O="$out" olddefconfig
	else
		make -s -C "$src" O="$out" tinyconfig
		"$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" \
			"$TOP/config/guest.config" > /dev/null
		make -s -C "$src" O="$out" olddefconfig
	fi
}

# drop_modinfo LOG: Debian 12's sparse (0.6.4) reports "error: bad
# constant expression" at every MODULE_*() and module_param*() line of
# 7.3 (the modinfo macros), on stock and patched alike, so a new module
# parameter or a new module would read as a new error.  Exactly that
# message at exactly such a line (the source line read back) is dropped
# from LOG; prints how many.
drop_modinfo() {
	python3 - "$1" <<'PY'
import re
import sys
log = sys.argv[1]
pat = re.compile(r'^(/\S+?):(\d+):\d+: error: bad constant expression$')
mac = re.compile(r'^\s*(MODULE_[A-Z_]+|module_param\w*)\s*\(')
kept, dropped = [], 0
for line in open(log, errors='replace'):
    m = pat.match(line.rstrip('\n'))
    if m:
        try:
            with open(m.group(1), errors='replace') as f:
                src = f.read().splitlines()[int(m.group(2)) - 1]
        except (OSError, IndexError):
            src = ''
        if mac.match(src):
            dropped += 1
            continue
    kept.append(line)
with open(log, 'w') as f:
    f.writelines(kept)
print(dropped)
PY
}

# warnings LOG: the compiler's and sparse's diagnostics, without line and
# column numbers and without the build directory.
warnings() {
	{ grep -E '(warning|error):' "$1" || true; } | sed -E \
		-e "s|$BUILD_DIR/[a-z0-9.-]+/linux/||g" -e 's/:[0-9]+:[0-9]+:/:/' \
		-e 's/:[0-9]+:/:/' | sort -u
}

for kind in debian guest; do
	for f in stock patched; do
		src=$(flavour_src "$f") out=$BUILD_DIR/$f/out-$kind-distro
		log=$out/build.log
		configure "$src" "$out" "$kind" > /dev/null 2>&1 ||
			die "configuring $f with the $kind config failed"
		say "[$f/$kind] building ${dirs[*]} (log: $log)"
		make -C "$src" O="$out" -j"$JOBS" CC="ccache gcc" HOSTCC="ccache gcc" \
			LOCALVERSION=-nvt-distro "${dirs[@]}" > "$log" 2>&1 ||
			echo "error: make ${dirs[*]} failed" >> "$log"
		warnings "$log" > "$out/warnings"
		say "[$f/$kind] $(wc -l < "$out/warnings") distinct warning(s)"
	done
	new=$(comm -13 "$BUILD_DIR/stock/out-$kind-distro/warnings" \
		"$BUILD_DIR/patched/out-$kind-distro/warnings")
	if [ -z "$new" ]; then
		echo "PASS distro: ${dirs[*]} with the $kind config, no new warning ($(wc -l < "$BUILD_DIR/patched/out-$kind-distro/warnings") on both)" >> "$summary"
	else
		echo "FAIL distro: ${dirs[*]} with the $kind config, new warnings:" >> "$summary"
		sed 's/^/    /' <<< "$new" >> "$summary"
	fi
done

# sparse on each C file the series changes, with the Debian config (the
# objects are built already, C=2 re-checks them all).
mapfile -t files < <(git -C "$KTREE" diff --name-only --diff-filter=AM base series -- '*.c')
objs=()
for c in "${files[@]}"; do
	case $c in tools/*) continue ;; esac   # not kernel objects
	# Another architecture's files do not build with an x86-64 config
	# (make check-arch builds them).
	case $c in arch/x86/*) ;; arch/*) continue ;; esac
	objs+=("${c%.c}.o")
done
# Debian 12's sparse (0.6.4) does not know __typeof_unqual__, which 7.3's
# headers use whenever sparse runs (compiler_types.h assumes a checker has
# it); without the define sparse stops at the first header and checks
# nothing.  __typeof__ keeps qualifiers and address spaces, so this sparse
# may warn where a newer one would not: on stock and patched alike, and
# only warnings new in patched count.
sparse=(sparse)
sparse --version 2>/dev/null | grep -q '^0\.6\.4' &&
	sparse+=(-D__typeof_unqual__=__typeof__)
declare -A dropped=()
for f in stock patched; do
	src=$(flavour_src "$f") out=$BUILD_DIR/$f/out-debian-distro
	: > "$out/sparse.log"
	for o in "${objs[@]}"; do
		[ -f "$src/${o%.o}.c" ] || continue   # new in the series
		make -C "$src" O="$out" C=2 CHECK="${sparse[*]}" CC="ccache gcc" LOCALVERSION=-nvt-distro "$o" \
			>> "$out/sparse.log" 2>&1 || echo "error: sparse $o failed" >> "$out/sparse.log"
	done
	dropped[$f]=$(drop_modinfo "$out/sparse.log")
	warnings "$out/sparse.log" > "$out/sparse.warnings"
done
echo "INFO sparse: 'bad constant expression' at MODULE_*()/module_param*() lines (sparse 0.6.4 and 7.3's modinfo macros) left out: stock ${dropped[stock]}, patched ${dropped[patched]}" >> "$summary"
new=$(comm -13 "$BUILD_DIR/stock/out-debian-distro/sparse.warnings" \
	"$BUILD_DIR/patched/out-debian-distro/sparse.warnings")
if [ -z "$new" ]; then
	echo "PASS sparse: ${#objs[@]} changed file(s), no new warning ($(wc -l < "$BUILD_DIR/patched/out-debian-distro/sparse.warnings") on both)" >> "$summary"
else
	echo "FAIL sparse: new warnings in the changed files:" >> "$summary"
	sed 's/^/    /' <<< "$new" >> "$summary"
fi

echo
echo "=== distro results ($((SECONDS - t0))s) ==="
cat "$summary"
pass=$(grep -c '^PASS' "$summary" || true)
fail=$(grep -c '^FAIL' "$summary" || true)
rm -f "$summary"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
