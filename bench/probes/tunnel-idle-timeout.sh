#!/usr/bin/env bash
# Probe: a tunnel client's poll across a load balancer with a 60 s idle timeout (PushProx #57, #188).
# Starts a Ferry (the proxy) on a free loopback port, nginx in front of it with proxy_read_timeout
# LB_TIMEOUT (60 s), a target serving a metrics file, and "bin/ferry tunnel-client" polling through
# nginx with its default --poll-renew (30s); and, where Python 3 is installed, the PushProx client
# emulation of the tests polling through the same nginx. It scrapes the target through the proxy,
# leaves everything idle for IDLE seconds (LB_TIMEOUT + 15), and scrapes again.
# Exits 1 when the scrape after the idle time fails, when nginx answered any of Ferry's polls with
# 504, or when Ferry's client counted a poll error. The PushProx-style client's 504s are reported,
# not judged: they are the behaviour Ferry's renew avoids. About 90 s with the defaults.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

lb_timeout=${LB_TIMEOUT:-60}
idle=${IDLE:-$((lb_timeout + 15))}
nginx=${NGINX:-/usr/sbin/nginx}
emulation=$root/ferry/src/test/resources/tunnel/pushprox_client.py
fqdn=probe-gw
pushprox_fqdn=pushprox-gw

start_ferry
proxy=${url#http://}

# The target: a file served over HTTP.
mkdir -p "$work/www"
printf '# TYPE probe_target_up gauge\nprobe_target_up 1\n' >"$work/www/metrics"
target_port=$(free_port)
/usr/bin/python3 -m http.server --bind 127.0.0.1 --directory "$work/www" "$target_port" >"$work/target.log" 2>&1 &
pids+=($!)

# The load balancer.
lb_port=$(free_port)
mkdir -p "$work/nginx"
cat >"$work/nginx/nginx.conf" <<EOF
daemon off;
master_process off;
pid $work/nginx/nginx.pid;
error_log stderr warn;
events { worker_connections 1024; }
http {
  log_format requests '\$request_method \$request_uri \$status \$request_time \$http_user_agent';
  access_log $work/nginx/access.log requests;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  server {
    listen 127.0.0.1:$lb_port;
    location / {
      proxy_pass http://$proxy;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_read_timeout ${lb_timeout}s;
    }
  }
}
EOF
"$nginx" -p "$work/nginx" -c "$work/nginx/nginx.conf" -e stderr >"$work/nginx.log" 2>&1 &
pids+=($!)

# The clients, both through nginx.
metrics_port=$(free_port)
"$root/bin/ferry" tunnel-client --proxy-url "http://127.0.0.1:$lb_port/" --fqdn "$fqdn" \
  --target "http://127.0.0.1:$target_port/metrics" --metrics-addr "127.0.0.1:$metrics_port" \
  >"$work/client.log" 2>&1 &
pids+=($!)
if [ -f "$emulation" ]; then
  /usr/bin/python3 "$emulation" --proxy-url "http://127.0.0.1:$lb_port/" --fqdn "$pushprox_fqdn" \
    >"$work/pushprox-client.log" 2>&1 &
  pids+=($!)
fi

scrape() {
  curl -s -m 20 -o "$work/scrape.out" -w '%{http_code}' -x "$proxy" \
    -H 'X-Prometheus-Scrape-Timeout-Seconds: 10' "http://$fqdn:$target_port/metrics" || true
}

code=
for _ in $(seq 60); do
  code=$(scrape)
  [ "$code" = 200 ] && break
  sleep 0.5
done
if [ "$code" != 200 ]; then
  echo "FAIL: no scrape through the tunnel within 30 s (last status $code); client log:" >&2
  tail -n 20 "$work/client.log" >&2
  exit 1
fi
echo "scrape through the tunnel: 200; idle for ${idle} s (nginx proxy_read_timeout ${lb_timeout}s)"
sleep "$idle"

failed=0
code=$(scrape)
echo "scrape after ${idle} s idle: $code"
[ "$code" = 200 ] || failed=1

ferry_polls=$(grep -c '^POST /poll .*Ferry/' "$work/nginx/access.log" || true)
ferry_504=$(grep -c '^POST /poll 504 .*Ferry/' "$work/nginx/access.log" || true)
ferry_204=$(grep -c '^POST /poll 204 .*Ferry/' "$work/nginx/access.log" || true)
echo "Ferry's client: polls ended through nginx $ferry_polls, renewed (204) $ferry_204, cut (504) $ferry_504"
[ "$ferry_504" = 0 ] || failed=1
poll_errors=$(curl -s -m 5 "http://127.0.0.1:$metrics_port/metrics" | awk '$1 == "pushprox_client_poll_errors_total" {print $2}')
echo "Ferry's client: pushprox_client_poll_errors_total ${poll_errors:-missing}"
[ "${poll_errors:-1}" = 0 ] || failed=1

if [ -f "$emulation" ]; then
  others_504=$(grep '^POST /poll 504 ' "$work/nginx/access.log" | grep -vc 'Ferry/' || true)
  echo "PushProx-style client (no renew): polls cut by nginx (504) $others_504"
fi

if [ "$failed" != 0 ]; then
  echo "FAIL: the tunnel did not survive the load balancer's idle timeout; nginx access log:" >&2
  cat "$work/nginx/access.log" >&2
  exit 1
fi
echo "OK: Ferry's client renewed its poll below the idle timeout and was scraped after ${idle} s idle"
