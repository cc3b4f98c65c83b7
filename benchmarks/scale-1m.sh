#!/usr/bin/env bash
# Issue 18, one machine: `qi evaluate --indicators all` over a `qi synth` practice of N patients (default 1,000,000),
# in memory (on every core, then --threads 1) and partitioned, beside a bare Utf8JsonReader scan of the same files; peak RSS and CPU from /usr/bin/time.
# Usage (from the repository root):  benchmarks/scale-1m.sh [PATIENTS] [WORKDIR]
# Needs ~4 GB free in WORKDIR per million patients (the NDJSON) plus as much again for the partition files; deletes
# everything it wrote when done. Every run must write the same measure-reports.json/.csv bytes (checked with cmp).
set -euo pipefail
N=${1:-1000000}
W=${2:-/tmp/qisdk-scale}
mkdir -p "$W"
trap 'rm -rf "$W/data" "$W/data-code-map.csv" "$W/tmp" "$W"/out-*' EXIT
dotnet build -c Release src/QiSdk.Cli -o "$W/cli" -v q >/dev/null
dotnet build -c Release benchmarks/QiSdk.Benchmarks -v q >/dev/null
BENCH=benchmarks/QiSdk.Benchmarks/bin/Release/net10.0/QiSdk.Benchmarks.dll
rm -rf "$W/data" "$W/tmp" && mkdir -p "$W/tmp"
/usr/bin/time -f "synth: %e s wall, %U s user, %S s sys, peak RSS %M KB" dotnet "$W/cli/qi.dll" synth --patients "$N" --out "$W/data" >/dev/null
du -sb "$W/data"
T="%e s wall, %U s user, %S s sys, peak RSS %M KB"
run() { # name, then extra qi evaluate arguments
  local name=$1; shift
  /usr/bin/time -f "$name: $T" dotnet "$W/cli/qi.dll" evaluate --records "$W/data" --code-map "$W/data-code-map.csv" \
    --indicators all --period-end 2025-03-31 --out "$W/out-$name" "$@" | tail -1
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
run in-memory
run in-memory-1-thread --threads 1
run partitions-auto --partitions auto --temp-dir "$W/tmp"
DOTNET_GCHeapHardLimit=0x19000000 run partitions-64-heap-400MB --partitions 64 --temp-dir "$W/tmp"
for out in "$W"/out-in-memory-1-thread "$W"/out-partitions-*; do
  cmp "$W/out-in-memory/measure-reports.json" "$out/measure-reports.json"
  cmp "$W/out-in-memory/measure-reports.csv" "$out/measure-reports.csv"
done
echo "outputs identical"
# Stage split (bare scan, read, normalise, evaluate, write; then partitioned end to end) with CPU and GC pause time:
dotnet "$BENCH" scale-split "$W/data" 0
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
