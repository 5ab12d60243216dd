#!/bin/bash
# S2: "-s 128m" on the S1 region is either created and usable, or refused
# with a message that names a valid size; a refusal leaves nothing behind.
SCN=S2 TITLE="-s 128m is created and usable, or refused with a valid size"
source "$(dirname "$0")/../lib.sh"

region=$(region_at 0x108000000) || abort "no region at 0x108000000"
own_region "$region"
before=$(ns_list_digest "$region")
if js=$(ns_create -r "$region" -m fsdax -s 128m 2>/tmp/s2.err); then
	dev=$(json_field blockdev <<< "$js")
	info "created $(json_field dev <<< "$js"), $(json_field size <<< "$js") bytes"
	fsdax_use "/dev/$dev" /mnt/s2 200
	cleanup_mounts
	check "destroy S2 namespace" destroy_region_namespaces "$region"
else
	msg=$(cat /tmp/s2.err)
	info "refused: $msg"
	grep -qiE 'did you intend --size=[0-9]+' <<< "$msg" ||
		bad "refusal does not suggest a valid size: $msg"
	expect_eq "namespaces after refusal" "$(ns_list_digest "$region")" "$before"
fi
