#!/usr/bin/env python3
"""Which seconds of a PUT run had slow requests, and did the disk take a write burst in them?

Reads the API's request log (one Serilog line per request, "HTTP PUT ... responded 200 in 12.3 ms", second resolution)
from the last start of the API onwards, and prints each second with at least --min-slow requests slower than
--slow-ms: requests that second, slow ones, slowest. With --vmstat (the output of `vmstat -t 1` taken beside the run)
it adds the MB written to disk in that second (the larger of its vmstat sample and the next, since vmstat stamps a
sample when it ends), and lists every second with a write burst (docs/performance.md, "Host-specific tuning"):

    vmstat -t 1 > /tmp/vmstat.log &  bench/wrk/put-benchmark.sh --runs 1;  kill %1
    bench/diagnostics/stall-seconds.py .data-bench/api.log --vmstat /tmp/vmstat.log
"""
import argparse
import re
from collections import OrderedDict
from datetime import datetime, timedelta

REQUEST = re.compile(r"^\[(\d\d:\d\d:\d\d) \w+\] Serilog\.AspNetCore\.RequestLoggingMiddleware: HTTP PUT .* responded \d+ in ([\d.]+) ms")
STARTED = "Microsoft.Hosting.Lifetime: Application started"


def request_seconds(path, slow_ms):
    seconds = OrderedDict()
    with open(path, encoding="utf-8", errors="replace") as log:
        for line in log:
            if STARTED in line:
                seconds.clear()  # only the last API process
                continue
            match = REQUEST.match(line)
            if match:
                ms = float(match.group(2))
                entry = seconds.setdefault(match.group(1), [0, 0, 0.0])
                entry[0] += 1
                entry[1] += ms > slow_ms
                entry[2] = max(entry[2], ms)
    return seconds


def written_mb(path):
    # vmstat -t: ... bi bo ... (columns 9 and 10), then date and time as the last two fields.
    written = {}
    with open(path, encoding="utf-8") as log:
        for line in log:
            fields = line.split()
            if len(fields) >= 19 and fields[0].isdigit():
                written[fields[-1]] = int(fields[9]) / 1024
    return written


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("api_log")
    parser.add_argument("--vmstat", help="output of `vmstat -t 1` beside the run")
    parser.add_argument("--slow-ms", type=float, default=40)
    parser.add_argument("--min-slow", type=int, default=10)
    parser.add_argument("--burst-mb", type=float, default=40, help="a second writing more than this is a burst")
    args = parser.parse_args()

    seconds = request_seconds(args.api_log, args.slow_ms)
    written = written_mb(args.vmstat) if args.vmstat else {}
    print("second    requests  slow  slowest ms" + ("  written MB" if written else ""))
    for second, (count, slow, slowest) in seconds.items():
        if slow >= args.min_slow:
            # vmstat stamps a sample when it ends, so the second's writes are in its own line or the next one.
            after = (datetime.strptime(second, "%H:%M:%S") + timedelta(seconds=1)).strftime("%H:%M:%S")
            disk = f"  {max(written.get(second, 0), written.get(after, 0)):10.0f}" if written else ""
            print(f"{second}  {count:8d}  {slow:4d}  {slowest:10.1f}{disk}")

    if written and seconds:
        first, last = next(iter(seconds)), next(reversed(seconds))
        bursts = [f"{s} {mb:.0f} MB" for s, mb in written.items() if first <= s <= last and mb > args.burst_mb]
        print("write bursts: " + ("; ".join(bursts) if bursts else "none"))


if __name__ == "__main__":
    main()
