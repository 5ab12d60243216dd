#!/bin/bash
# make gdb-check: the kernel tree's gdb helper (scripts/gdb/linux/mm.py)
# evaluates pfn_valid() on the patched x86-64 guest through QEMU's gdbstub
# while the guest has two devdax namespaces in one section (scenario gdb).
# The guest kernel is the slim one, without DWARF: gdb takes the types from
# an object compiled with -g against the same tree and config.
source "$(dirname "$0")/lib.sh"
"$TOP/scripts/deps.sh" gdb
"$TOP/scripts/prepare-tree.sh"
"$TOP/scripts/build.sh" patched
out=$(flavour_out patched)
work=$BUILD_DIR/gdb-check
rm -rf "$work"; mkdir -p "$work/py/linux"

# Types: mm/sparse.o's compiler command, on a file that includes mmzone.h.
printf '#include <linux/mmzone.h>\nstruct mem_section nvt_gdb_mem_section;\n' > "$work/types.c"
cmd=$(sparse_o_cmd "$out" "$work/types.c" "$work/types.o" \
	-g -fno-eliminate-unused-debug-types -c) || die "no usable compiler command in $out"
(cd "$out" && eval "$cmd") || die "compiling the gdb types failed"

# The tree's helpers, with a constants.py stub (CONFIG_GDB_SCRIPTS is off).
cp "$KTREE"/scripts/gdb/linux/*.py "$work/py/linux/"
cat > "$work/py/linux/constants.py" <<'PY'
LX_CONFIG_SPARSEMEM_VMEMMAP = 1
LX_CONFIG_SPARSEMEM_EXTREME = 1
def __getattr__(name):
    return 0
PY

port=$((20000 + RANDOM % 20000))
before=$(ls -d "$RESULTS"/*-gdb-check 2>/dev/null | tail -n 1 || true)
"$TOP/scripts/boot.sh" -f patched -t T1 -s gdb -n gdb-check --gdb "$port" --timeout 1500 &
boot=$!
run=""
for _ in $(seq 900); do
	r=$(ls -d "$RESULTS"/*-gdb-check 2>/dev/null | tail -n 1 || true)
	[ -n "$r" ] && [ "$r" != "$before" ] && [ -e "$r/share/gdb-ready" ] && { run=$r; break; }
	kill -0 $boot 2>/dev/null || break
	sleep 1
done
[ -n "$run" ] || { wait $boot || true; die "the guest never got ready for gdb"; }
say "guest ready: gdb on 127.0.0.1:$port"
NVT_GDB_LAYOUT=$run/share/gdb-layout.txt NVT_GDB_OUT=$run/share/gdb-result.txt \
NVT_GDB_PY=$work/py timeout 600 gdb -batch -nx -ex "set pagination off" \
	-ex "file $out/vmlinux" -ex "add-symbol-file $work/types.o 0" \
	-ex "target remote 127.0.0.1:$port" -x "$TOP/tests/host/gdb_pfn_valid.py" \
	-ex detach > "$work/gdb.log" 2>&1 || true
grep -E '^(PASS|FAIL|sizeof)' "$work/gdb.log" || tail -n 20 "$work/gdb.log"
[ -s "$run/share/gdb-result.txt" ] || echo "RESULT failed (gdb wrote nothing; see $work/gdb.log)" > "$run/share/gdb-result.txt"
touch "$run/share/gdb-done"
rc=0; wait $boot || rc=$?
pass=$(grep -c '^PASS' "$run/share/gdb-result.txt" || true)
fail=$(grep -c '^FAIL' "$run/share/gdb-result.txt" || true)
[ $rc -eq 0 ] || fail=$((fail + 1))
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
