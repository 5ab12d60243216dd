#!/bin/bash
# The main job: prepare the tree, build the patched kernel, boot topology T1
# and run the seeds' scenarios S1 and S4, then print what the guest saw.
source "$(dirname "$0")/lib.sh"

t0=$SECONDS
"$TOP/scripts/prepare-tree.sh"
"$TOP/scripts/build.sh" patched
say "booting T1 for S1 and S4"
rc=0
"$TOP/scripts/boot.sh" -f patched -t T1 -s "S1 S4" -n demo --report > "$BUILD_DIR/demo.out" || rc=$?
run=$(cat "$RESULTS/last")
kver=$(cat "$(flavour_out patched)/include/config/kernel.release")
cat <<TXT

================ sub-section hotplug demo ================
kernel:   $kver ($(git -C "$KTREE" rev-list --count base..series) patch(es) on Debian $KSRC_PKG $(cat "$KTREE/.git/nvt-base"))
topology: T1 = NVDIMMs at 0x100000000 (64 MiB) and 0x104000000 (64 MiB),
          both in section 0x100000000, plus 1 GiB at 0x108000000
logs:     $run

TXT
cat "$BUILD_DIR/demo.out"
echo
echo "results:"
sed 's/^/  /' "$run/share/results.txt"
echo "=========================================================="
say "demo finished in $((SECONDS - t0))s"
exit $rc
