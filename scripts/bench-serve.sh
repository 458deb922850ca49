#!/usr/bin/env bash
# Benchmarks of `acss serve`, release build, loopback only (results: docs/benchmarks.md,
# "## The HTTP service"). Bounded: about 2 minutes in all.
#
#   scripts/bench-serve.sh [--scratch-path DIR] [--seconds S] [--memory-seconds S] [--batch N]
#
# 1. Keep-alive POST /v1/score requests of one 10-symbol sequence (HTHHTHTTHT, alphabet 2)
#    from 1, 2 and 4 connections for S seconds each (`acss bench serve`): requests per second
#    and latency percentiles (send to last byte of the answer).
# 2. One request with N sequences of 8-12 coin tosses (fixed seed), five times: seconds.
# 3. Memory: the server's resident set (VmRSS) every 5 s over a run of --memory-seconds
#    (default 60) of keep-alive load from 2 connections, with a 10,000-sequence batch every 5 s.
# The load generator runs on the same machine as the server and shares its cores (the
# sandbox has 2): the figures are of server and client together, not of the server alone.
source "$(dirname "$0")/lib/bench.sh"
options "$0 [--scratch-path DIR] [--seconds S] [--memory-seconds S] [--batch N]" \
    scratch-path=scratch:.build seconds=seconds:10 memory-seconds=memory_seconds:60 batch=batch:100000 -- "$@"
release_build "$scratch"

"$bin" serve --port 0 --quiet --max-sequences 1000000 --max-body 67108864 2> "$work/serve.log" &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$work"' EXIT
port=""
for _ in $(seq 1 100); do
    port="$(grep -o 'http://127.0.0.1:[0-9]*' "$work/serve.log" | head -1 | sed 's/.*://' || true)"
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { cat "$work/serve.log"; echo "bench-serve: acss serve did not start" >&2; exit 1; }
rss() { awk '/VmRSS/ { print $2 / 1024 " MB" }' "/proc/$server/status"; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'); server and load generator share them"
echo "load average before: $(cut -d" " -f1-3 /proc/loadavg) (other processes on the machine take from the same cores)"
echo "server: $("$bin" --version), $(grep -o '[0-9]* threads' "$work/serve.log"), port $port; RSS at start $(rss)"
# The server hashes every table for its catalogue at start (a few seconds): wait for it, so
# that it does not share the cores with the measurements. Then warm up (the binary table loads).
if command -v curl > /dev/null; then curl -s "http://127.0.0.1:$port/v1/tables" > /dev/null; else sleep 10; fi
"$bin" bench serve --port "$port" --seconds 1 --connections 1 > /dev/null

echo
echo "== keep-alive requests of one 10-symbol sequence =="
for c in 1 2 4; do
    "$bin" bench serve --port "$port" --connections "$c" --seconds "$seconds"
done

echo
echo "== one request with $batch sequences =="
"$bin" bench serve --port "$port" --batch "$batch" --repeat 5

echo
echo "== memory over ${memory_seconds} s of load =="
"$bin" bench serve --port "$port" --connections 2 --seconds "$memory_seconds" > "$work/load.txt" &
load=$!
samples=()
for t in $(seq 0 5 "$memory_seconds"); do
    samples+=("${t}s: $(rss)")
    "$bin" bench serve --port "$port" --batch 10000 --repeat 1 > /dev/null
    sleep 4.5
    kill -0 "$load" 2>/dev/null || break
done
wait "$load"
echo "RSS ${samples[*]}" | sed 's/ \([0-9]*s:\)/; \1/g'
cat "$work/load.txt"
echo "RSS at the end: $(rss)"
