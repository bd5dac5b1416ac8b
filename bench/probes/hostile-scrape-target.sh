#!/usr/bin/env bash
# Probe: a scrape target cannot make Ferry hold or work without bound. Serves, with python3, an
# endless body (/endless) and a gzip bomb (/bomb: 2 MB that expand to 2 GiB of newlines), and starts
# a Ferry scraping them every 5 s with a 5 s timeout: /endless and /bomb with the default
# body_size_limit, /bomb again with body_size_limit 4GiB so only the timeout can stop it. Waits
# until each target has been scraped twice, sampling Ferry's RSS, then prints each target's last
# error and scrape duration and the exceeded counter. Exits 1 when RSS passes MAX_RSS_MB (default
# 1024), a scrape lasts longer than its timeout plus 1 s, or a target does not fail as it should.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
MAX_RSS_MB=${MAX_RSS_MB:-1024}
target_port=$(free_port)
port=$(free_port)

cat >"$work/target.py" <<'PY'
import gzip, http.server, sys

member = gzip.compress(b"\n" * (1 << 20))
BOMB = member * 2048  # 2 GiB of newlines in about 2 MB
BLOCK = b"# filler line of an endless body\n" * 2048
CAP = 3 << 30  # an endless body still ends, so a Ferry without a limit cannot keep this probe forever

class Target(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; version=0.0.4")
        try:
            if self.path.startswith("/bomb"):
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(BOMB)))
                self.end_headers()
                self.wfile.write(BOMB)
            else:
                self.end_headers()  # HTTP/1.0 and no length: the body ends when the connection does
                sent = 0
                while sent < CAP:
                    self.wfile.write(BLOCK)
                    sent += len(BLOCK)
        except (BrokenPipeError, ConnectionResetError):
            pass  # Ferry stopped reading: what the probe wants

    def log_message(self, *args):
        pass

http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Target).serve_forever()
PY
/usr/bin/python3 "$work/target.py" "$target_port" &
pids+=($!)

cat >"$work/ferry.yml" <<YAML
global:
  scrape_interval: 5s
  scrape_timeout: 5s
scrape_configs:
  - job_name: endless
    metrics_path: /endless
    static_configs: [{targets: ['127.0.0.1:$target_port']}]
  - job_name: bomb
    metrics_path: /bomb
    static_configs: [{targets: ['127.0.0.1:$target_port']}]
  - job_name: bomb-no-size-limit
    metrics_path: /bomb
    body_size_limit: 4GiB
    static_configs: [{targets: ['127.0.0.1:$target_port']}]
YAML
"$root/bin/ferry" serve --config.file="$work/ferry.yml" --web.listen-address="127.0.0.1:$port" \
  --storage.path="$work/data" >"$work/ferry.log" 2>&1 &
ferry=$!
pids+=("$ferry")
url="http://127.0.0.1:$port"
# bin/ferry may build the jar first.
for _ in $(seq 1800); do curl -sf -o /dev/null "$url/-/healthy" && break; sleep 0.1; done
curl -sf -o /dev/null "$url/-/healthy" || { echo "FAIL: Ferry did not start"; tail -20 "$work/ferry.log"; exit 1; }

rss_mb() { awk '/^VmRSS:/ {print int($2 / 1024)}' "/proc/$ferry/status"; }
echo "RSS after start: $(rss_mb) MB"
max_rss=0
# Two rounds of scrapes: 5 s interval, each scrape at most 5 s, plus the first tick's offset.
for _ in $(seq 60); do
  r=$(rss_mb)
  [ "$r" -le "$max_rss" ] || max_rss=$r
  sleep 0.5
done
echo "highest RSS while scraping: $max_rss MB (bound $MAX_RSS_MB MB)"

curl -s "$url/api/v1/targets" >"$work/targets.json"
/usr/bin/python3 - "$work/targets.json" <<'PY' || failed=1
import json, sys

# The bomb with the default limit may also time out on a slow machine: 100 MiB of newlines take seconds.
expect = {"endless": ("body size limit exceeded",),
          "bomb": ("body size limit exceeded", "scrape timed out after 5000ms"),
          "bomb-no-size-limit": ("scrape timed out after 5000ms",)}
bad = False
for t in json.load(open(sys.argv[1]))["data"]["activeTargets"]:
    job, err, took = t["labels"]["job"], t["lastError"], t["lastScrapeDuration"]
    print(f"{job}: health={t['health']} duration={took:.2f}s lastError={err!r}")
    if not err.startswith(expect[job]) or took > 6.0:
        print(f"FAIL: {job} should fail with {' or '.join(expect[job])!r} within 6 s")
        bad = True
sys.exit(1 if bad else 0)
PY
grep '^ferry_target_scrapes_exceeded_body_size_limit_total' <(curl -s "$url/metrics") || true
if [ "$max_rss" -gt "$MAX_RSS_MB" ]; then
  echo "FAIL: RSS reached $max_rss MB"
  failed=1
fi
[ -z "${failed:-}" ] || exit 1
echo "ok: every scrape stopped at its limit or its timeout"
