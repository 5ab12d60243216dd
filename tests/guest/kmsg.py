#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Kernel messages by sequence number, from /dev/kmsg (tests/guest/lib.sh).

  kmsg.py mark        print the sequence number the next message will carry
  kmsg.py since SEQ   print the text of every kernel message from SEQ on,
                      one line each (records user space wrote are left
                      out); exit 3 if the ring buffer no longer holds SEQ
                      (messages were lost: what is left is printed), 2 if
                      /dev/kmsg cannot be read

A record reads "PRIO,SEQ,USEC,FLAGS;TEXT" and may be followed by
" KEY=VALUE" dictionary lines, which are left out.  NVT_KMSG names another
file of such records (the host's oracle tests).
"""
import errno
import os
import sys


def records(path):
    """Yield (seq, text) of every record the buffer still holds; a record
    overwritten while reading (EPIPE) yields (None, None).  A path other
    than /dev/kmsg is a file of records, one a line."""
    if path != "/dev/kmsg":
        with open(path, errors="replace") as f:
            for line in f:
                if line.startswith(" ") or ";" not in line:
                    continue
                head, _, text = line.rstrip("\n").partition(";")
                prio, seq = head.split(",")[:2]
                yield int(seq), (text if int(prio) >> 3 == 0 else None)
        return
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        while True:
            try:
                rec = os.read(fd, 8192)
            except BlockingIOError:
                return
            except OSError as e:
                if e.errno == errno.EPIPE:
                    yield None, None
                    continue
                raise
            head, _, text = rec.decode(errors="replace").partition(";")
            prio, seq = head.split(",")[:2]
            # Records that user space wrote (facility other than 0, the
            # scenarios' own markers among them) are not kernel messages.
            yield int(seq), (text.split("\n")[0] if int(prio) >> 3 == 0 else None)
    finally:
        os.close(fd)


def main():
    path = os.environ.get("NVT_KMSG", "/dev/kmsg")
    try:
        if sys.argv[1:] == ["mark"]:
            last = -1
            for seq, _ in records(path):
                if seq is not None:
                    last = seq
            print(last + 1)
            return 0
        if len(sys.argv) == 3 and sys.argv[1] == "since":
            want = int(sys.argv[2])
            first = None
            lost = False
            for seq, text in records(path):
                if seq is None:
                    lost = lost or first is not None
                    continue
                if first is None:
                    first = seq
                if seq >= want and text is not None:
                    try:
                        print(text)
                    except BrokenPipeError:
                        # The reader has what it wanted (grep -q).
                        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                        return 0
            # The oldest record still held is past the mark: the ones
            # between were overwritten.
            if first is not None and first > want:
                lost = True
            return 3 if lost else 0
    except OSError as e:
        print(f"kmsg.py: {path}: {e}", file=sys.stderr)
        return 2
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
