#!/bin/bash
# X2 (topology T1; a reproducer, in no suite): unbind nd_pmem from an fsdax
# namespace's pfn device while ext4 is mounted on it with -o dax, then
# unmount.  The unbind tears down the namespace's memmap (memunmap_pages())
# while the file system still holds DAX entries for its pfns; the unmount's
# inode eviction then reads those struct pages in dax_disassociate_entry()
# and faults on the freed vmemmap.  Seen on stock 6.12.117 and on the
# series alike (it is not about sub-sections: any fsdax namespace).  ndctl
# refuses to disable a mounted namespace, which keeps users out of it.
#   make boot FLAVOUR=stock TOPO=T1 SCENARIOS=X2
SCN=X2 TITLE="reproducer: nd_pmem unbound under a DAX mount, then umount"
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../nd.sh"

region=$(region_at 0x104000000) || abort "no region at 0x104000000"
own_region "$region"
js=$(ns_create -r "$region" -m fsdax -s 32m) || abort "fsdax failed"
ns=$(json_field dev <<< "$js") bdev=$(json_field blockdev <<< "$js")
fsdax_use "/dev/$bdev" /mnt/x2 900
nd_claimers "$ns"
pfn=${CLAIMERS[0]:-}
[ -n "$pfn" ] || abort "no pfn device claims $ns"
check "unbind $pfn under the mount" sh -c "echo $pfn > $B/drivers/nd_pmem/unbind"
info "unmounting: the console shows whether the kernel faults"
umount /mnt/x2
info "umount returned $?"
