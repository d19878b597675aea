#!/usr/bin/env bash
# The preview's speed: from saving a one-cell CSV edit, or a one-paragraph bulletin edit, to the
# `reload` event an open page receives, on the medium synthetic site (34 provinces, 10 years
# monthly, 24 indicators, 2,000 bulletins), with the release build of `bulletin serve`.
# A benchmark, not a test: it prints the median and 95th percentile of each kind of edit, the
# server's own phases (reading and planning, rendering, waiting for the folder to be quiet) and
# its peak memory (VmHWM).
#
# Usage: scripts/bench-serve.sh [ROUNDS]      (default 20 rounds of each kind of edit)
# Tools: cargo, python3 (the client: a file write and a server-sent-event reader).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROUNDS=${1:-${ROUNDS:-20}}
# shellcheck source=scripts/common.sh
source "$ROOT/scripts/common.sh"
SYNTH=$(synth_args medium)

log "building the release binary"
(cd "$ROOT" && cargo build --release --quiet)
BIN="$ROOT/target/release/bulletin"

WORK=$(mktemp -d)
SERVER=""
cleanup() {
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

log "writing the medium synthetic site ($SYNTH)"
# shellcheck disable=SC2086
"$BIN" synth --out "$WORK/site" $SYNTH >/dev/null 2>&1

log "starting bulletin serve"
"$BIN" serve --lang en --root "$WORK/site" --port 0 >"$WORK/stdout" 2>"$WORK/stderr" &
SERVER=$!
for _ in $(seq 600); do
  grep -q "http://" "$WORK/stdout" 2>/dev/null && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/stderr" >&2; exit 1; }
  sleep 0.5
done
ADDRESS=$(grep -o 'http://[^/]*' "$WORK/stdout" | head -1 | sed 's|http://||')
[ -n "$ADDRESS" ] || { echo "the server printed no address" >&2; exit 1; }
log "serving at $ADDRESS; $(grep -m1 '^Built' "$WORK/stderr")"

python3 - "$ADDRESS" "$WORK/site" "$ROUNDS" "$SERVER" "$WORK/stderr" <<'PY'
import math, os, re, socket, statistics, sys, time

address, site, rounds, pid, server_log = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
host, port = address.rsplit(":", 1)

def events():
    sock = socket.create_connection((host, int(port)))
    sock.sendall(f"GET /__bulletin/events HTTP/1.1\r\nHost: {address}\r\n\r\n".encode())
    sock.settimeout(120)
    reader = sock.makefile("rb")
    while b": connected" not in reader.readline():
        pass
    return reader

def next_event(reader):
    name = None
    while True:
        line = reader.readline()
        if not line:
            raise SystemExit("the event stream closed")
        line = line.decode().rstrip("\r\n")
        if line.startswith("event: "):
            name = line[len("event: "):]
        elif line == "" and name:
            return name

# One cell: a count that no check ties to another (employers), in one province's row.
csv_path = os.path.join(site, "data/observations/synthetic-2024.csv")
csv_lines = open(csv_path, encoding="utf-8").read().split("\n")
column = csv_lines[0].split(",").index("employers")
row = next(i for i, l in enumerate(csv_lines) if l.startswith("ha-noi,"))

def csv_edit(n):
    cells = csv_lines[row].split(",")
    cells[column] = str(int(cells[column]) + (1 if n % 2 == 0 else -1))
    csv_lines[row] = ",".join(cells)
    return csv_path, "\n".join(csv_lines)

# One paragraph of prose in one bulletin.
bulletins = os.path.join(site, "content/bulletins")
md_path = os.path.join(bulletins, sorted(f for f in os.listdir(bulletins) if f.endswith(".en.md"))[0])
md_lines = open(md_path, encoding="utf-8").read().split("\n")
body_start = [i for i, l in enumerate(md_lines) if l == "+++"][1] + 1
paragraph = next(i for i in range(body_start, len(md_lines))
                 if md_lines[i] and md_lines[i][0].isalpha() and "{{" not in md_lines[i])
original = md_lines[paragraph]

def md_edit(n):
    md_lines[paragraph] = original + ("" if n % 2 else f" (edit {n})")
    return md_path, "\n".join(md_lines)

def pct(values, p):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]

def server_lines():
    return [l for l in open(server_log, encoding="utf-8") if l.startswith(("Updated", "error", "warning"))]

reader = events()
times = {"csv": [], "md": []}
phases = {"csv": [], "md": []}
failures = 0
for n in range(rounds):
    for kind, make in (("csv", csv_edit), ("md", md_edit)):
        path, text = make(n)
        before = len(server_lines())
        started = time.perf_counter()
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        name = next_event(reader)
        elapsed = (time.perf_counter() - started) * 1000
        if name != "reload":
            failures += 1
        times[kind].append(elapsed)
        # The server's line for this reload: reading, rendering, since the first event.
        for _ in range(100):
            lines = server_lines()[before:]
            if lines:
                break
            time.sleep(0.01)
        # English messages group thousands with commas ("1,375 ms").
        m = re.search(r"reading ([\d,]+) ms, rendering ([\d,]+) ms, ([\d,]+) ms after", "".join(lines))
        if m:
            reading, rendering, since = (int(g.replace(",", "")) for g in m.groups())
            phases[kind].append((reading, rendering, since - reading - rendering, elapsed - since))
        time.sleep(0.2)

status = dict(l.split(":", 1) for l in open(f"/proc/{pid}/status") if ":" in l)
peak = int(status["VmHWM"].split()[0]) / 1024
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
load = open("/proc/loadavg").read().split()[:3]
print(f"\nbulletin serve, medium synthetic site, {rounds} rounds of each edit")
print(f"machine: {os.cpu_count()} cores, {cpu}; load average {' '.join(load)}")
print(f"{'edit':<22}{'median':>10}{'p95':>10}{'min':>10}{'max':>10}   (ms, write to reload event)")
for kind, label in (("csv", "one CSV cell"), ("md", "one bulletin paragraph")):
    v = times[kind]
    print(f"{label:<22}{statistics.median(v):>10.0f}{pct(v, 95):>10.0f}{min(v):>10.0f}{max(v):>10.0f}")
both = times["csv"] + times["md"]
print(f"{'both':<22}{statistics.median(both):>10.0f}{pct(both, 95):>10.0f}{min(both):>10.0f}{max(both):>10.0f}")
print("\nmedian phases (ms): reading+planning, rendering, waiting for quiet, notify+event delivery")
for kind, label in (("csv", "one CSV cell"), ("md", "one bulletin paragraph")):
    rows = phases[kind]
    if rows:
        cols = [statistics.median(c) for c in zip(*rows)]
        print(f"{label:<22}" + "".join(f"{c:>10.0f}" for c in cols))
print(f"\npeak memory (VmHWM): {peak:.0f} MB; failed reloads: {failures}")
PY
