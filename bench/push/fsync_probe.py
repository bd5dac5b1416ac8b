#!/usr/bin/env python3
"""How fast this disk forces small appends: 300-byte writes each followed by fdatasync, for 3 s,
into a file that grows (as Ferry's log does now) and into one preallocated with zeros (where a
force writes no metadata), by 1, 2 and 4 threads at once. Usage: fsync_probe.py [DIRECTORY]"""
import os
import sys
import threading
import time


def probe(directory, threads, preallocated, seconds=3.0):
    path = os.path.join(directory, "fsync_probe.tmp")
    fd = os.open(path, os.O_CREAT | os.O_RDWR | os.O_TRUNC)
    try:
        if preallocated:
            os.write(fd, b"\0" * (64 << 20))
            os.fsync(fd)
        counts = [0] * threads
        stop = threading.Event()
        lock = threading.Lock()
        end = [0]

        def run(i):
            while not stop.is_set():
                with lock:
                    at = end[0]
                    end[0] += 300
                os.pwrite(fd, b"x" * 300, at)
                os.fdatasync(fd)
                counts[i] += 1

        workers = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
        for w in workers:
            w.start()
        time.sleep(seconds)
        stop.set()
        for w in workers:
            w.join()
        rate = sum(counts) / seconds
        print(f"{'preallocated' if preallocated else 'growing     '} threads={threads}: "
              f"{rate:.0f} forces/s, {threads / rate * 1000:.3f} ms each")
    finally:
        os.close(fd)
        os.unlink(path)


if __name__ == "__main__":
    directory = sys.argv[1] if len(sys.argv) > 1 else "."
    for preallocated in (False, True):
        for threads in (1, 2, 4):
            probe(directory, threads, preallocated)
