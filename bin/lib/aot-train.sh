#!/usr/bin/env bash
# Records Ferry's ahead-of-time cache (JDK 25+) from a training run, apart from any real run:
#   bin/lib/aot-train.sh JAVA JAR CACHE
# Starts "ferry serve" on a loopback port with a scratch state directory and a scrape job of its
# own /metrics, pushes, scrapes, queries and deletes through curl, stops it with SIGTERM, and
# moves the cache the JVM writes at exit into place, so that a reader never sees half a file.
# bin/ferry runs it right after it builds the jar, or in the background when the cache is missing
# or older than the jar; the output goes to CACHE.log. FERRY_JVM_DEFAULTS holds the JVM options
# bin/ferry starts Ferry with (its collector and heap), which the training run uses too, so the
# cache fits the runs. Gives up, leaving no cache, when anything fails or takes too long.
set -euo pipefail
java=$1 jar=$2 cache=$3
command -v curl >/dev/null || { echo "aot-train: curl is missing, so there is nothing to train with; no cache"; exit 0; }
work=$(mktemp -d)
pid=
cleanup() {
  [ -z "$pid" ] || kill -9 "$pid" 2>/dev/null || true
  rm -rf "$work" "$cache.recording" "$cache.recording.config"
}
trap cleanup EXIT

cat >"$work/ferry.yml" <<'YAML'
global: {scrape_interval: 1s, scrape_timeout: 1s}
scrape_configs:
  - job_name: training
    static_configs: [{targets: ["127.0.0.1:0"]}]
YAML
# shellcheck disable=SC2086 # FERRY_JVM_DEFAULTS is a list of options
"$java" ${FERRY_JVM_DEFAULTS:-} -XX:AOTCacheOutput="$cache.recording" -Xlog:aot*=off,cds*=off -jar "$jar" serve \
  --web.listen-address=127.0.0.1:0 --storage.path="$work/data" --config.file="$work/ferry.yml" \
  --web.enable-lifecycle --log.format=logfmt --statsd.listen-udp= --statsd.listen-tcp= --otlp.http-listen-address= --otlp.grpc-listen-address= 2>"$work/err" &
pid=$!
address=
for _ in $(seq 600); do
  address=$(sed -n 's/.*msg="listening" address=\([^ ]*\).*/\1/p' "$work/err" | head -n 1)
  [ -n "$address" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/err"; exit 1; }
  sleep 0.1
done
[ -n "$address" ] || { echo "aot-train: the training server did not start"; exit 1; }
url="http://$address"
# The scrape job's target is the server itself, now that its port is known.
sed -i "s/127.0.0.1:0/$address/" "$work/ferry.yml"
curl -sf -o /dev/null -X POST "$url/-/reload"

body=$(for i in $(seq 50); do
  printf 'training_total{series="%d"} %d\n' "$i" "$i"
done)
for round in $(seq 20); do
  for g in $(seq 10); do
    printf '%s\n# TYPE training_latency_seconds histogram\ntraining_latency_seconds_bucket{le="1"} %d\ntraining_latency_seconds_bucket{le="+Inf"} %d\ntraining_latency_seconds_sum 1\ntraining_latency_seconds_count %d\n' \
      "$body" "$round" "$round" "$round" | curl -sf -o /dev/null -X PUT --data-binary @- "$url/metrics/job/training/instance/i$g"
  done
  curl -sf -o /dev/null "$url/metrics"
  curl -sf -o /dev/null --compressed -H 'Accept: application/openmetrics-text;version=1.0.0' "$url/metrics"
  curl -sf -o /dev/null "$url/api/v1/metrics"
  curl -sf -o /dev/null "$url/-/ready"
  sleep 0.2
done
# A bulk load over one connection, as a fleet of batch jobs or a loop in a script pushes: enough
# pushes that the profiles the cache keeps cover the push path as a busy server runs it.
printf '%s\n' "$body" >"$work/bulk.txt"
for i in $(seq 1000); do
  [ "$i" = 1 ] || echo next
  printf 'url = "%s/metrics/job/training_bulk/instance/b%d"\nupload-file = "%s"\nsilent\nfail\noutput = "/dev/null"\n' \
    "$url" "$i" "$work/bulk.txt"
done >"$work/bulk.curl"
curl -K "$work/bulk.curl"
curl -sf -o /dev/null "$url/metrics"
curl -sf -o /dev/null "$url/api/v1/status"
curl -sf -o /dev/null "$url/api/v1/targets"
curl -sf -o /dev/null -X DELETE "$url/metrics/job/training/instance/i1"

kill -TERM "$pid"
for _ in $(seq 1200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
wait "$pid" || { echo "aot-train: the training server exited with an error"; cat "$work/err"; exit 1; }
pid=
[ -s "$cache.recording" ] || { echo "aot-train: the JVM wrote no cache"; exit 1; }
mv -f "$cache.recording" "$cache"
echo "aot-train: recorded $cache"
