"""Peer of the import benchmark: pandas.read_csv of one file, timed inside the process.

Usage: /usr/bin/python3 pandas_read_csv.py FILE [SEPARATOR]
Prints: seconds rows peak_rss_kb cpu_seconds
"""
import resource
import sys
import time

import pandas

path = sys.argv[1]
separator = sys.argv[2] if len(sys.argv) > 2 else ","
start = time.perf_counter()
frame = pandas.read_csv(path, sep=separator)
elapsed = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_SELF)
print(elapsed, len(frame), usage.ru_maxrss, usage.ru_utime + usage.ru_stime)
