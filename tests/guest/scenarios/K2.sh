#!/bin/bash
# K2: runs in the capture kernel that K1 loaded (make check-kdump).  Saves
# the dump of the crashed kernel with Debian's makedumpfile, as a distro's
# kdump service does, for the host to read with crash(8):
#   - makedumpfile -c -d 31: the filtered, compressed dump;
#   - the ELF dump unfiltered (/proc/vmcore), for the host's own walk of
#     the sections from VMCOREINFO.
SCN=K2 TITLE="kdump capture kernel: makedumpfile -d 31 of the crashed kernel"
source "$(dirname "$0")/../lib.sh"

KD=/nvt/kdump
[ -r /proc/vmcore ] || abort "no /proc/vmcore: not a capture kernel"
[ -s "$KD/facts" ] || abort "K1 left no facts in $KD"
info "capture kernel $(uname -r), /proc/vmcore $(( $(stat -c %s /proc/vmcore) >> 20 )) MiB"
makedumpfile -v 2>&1 | head -n 1 | sed "s/^/INFO $SCN: /"

t0=$(date +%s)
check "makedumpfile -c -d 31 /proc/vmcore" \
	sh -c "makedumpfile -c -d 31 --message-level 22 /proc/vmcore $KD/dump.d31 > $KD/makedumpfile.txt 2>&1"
grep -i "not supported\|warning" "$KD/makedumpfile.txt" | sort -u |
	sed "s/^/INFO $SCN: makedumpfile says: /"
grep -q "The dumpfile is saved to" "$KD/makedumpfile.txt" ||
	bad "makedumpfile -d 31 did not save the dump: $(tail -n 3 "$KD/makedumpfile.txt")"
# What -d 31 excluded (its report) against makedumpfile's estimate on
# the live kernel just before the crash (K1): the free pages within 3%,
# the pages kept within 25% of the kernel data.
read -r _ want_free want_kern < <(grep '^memusage ' "$KD/facts")
# (the report's numbers are "0x..." or decimal: bash reads both)
rep() { awk -F: -v k="$1" '$1 ~ k {gsub(/ /, "", $2); print $2; exit}' "$KD/makedumpfile.txt"; }
got_free=$(( $(rep "Free pages") + 0 )) got_kept=$(( $(rep "Remaining pages") + 0 ))
info "-d 31 excluded $got_free free pages (live estimate $want_free), kept $got_kept (kernel data $want_kern)"
(( got_free * 100 >= want_free * 97 && got_free * 100 <= want_free * 103 )) ||
	bad "-d 31 excluded $got_free free pages, the live kernel had $want_free"
(( got_kept * 100 >= want_kern * 75 && got_kept * 100 <= want_kern * 125 )) ||
	bad "-d 31 kept $got_kept pages, the live kernel had $want_kern of kernel data"
info "dump.d31: $(( $(stat -c %s "$KD/dump.d31" 2>/dev/null || echo 0) >> 10 )) KiB in $(( $(date +%s) - t0 )) s"

t0=$(date +%s)
check "copy /proc/vmcore" dd if=/proc/vmcore of="$KD/vmcore.elf" bs=4M conv=sparse status=none
info "vmcore.elf copied in $(( $(date +%s) - t0 )) s"
