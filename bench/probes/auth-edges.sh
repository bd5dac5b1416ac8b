#!/usr/bin/env bash
# Probe: the edges of authentication. Starts a Ferry on a free loopback port with a token, a basic-auth
# user (alice, password alice123) that leaves /-/ready open, and the lifecycle API, then checks that
# /-/ready answers 200 whatever Authorization it carries, that two Authorization headers are 400,
# that GET and DELETE on /-/quit are 405 before any authentication, and that `ferry check config`
# refuses a broken web config file with the message `serve` gives. Exits 1 on any other answer.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cat >"$work/web.yml" <<'EOF'
basic_auth_users:
  alice: $2y$12$1DpfPeqF9HzHJt.EWswy1exHluGfbhnn3yXhR7Xes6m3WJqFg0Wby
basic_auth_excluded_paths: [/-/ready]
EOF
cat >"$work/ferry.yml" <<'EOF'
auth:
  tokens:
    - name: operator
      token: probe-admin-token
      actions: [admin, read]
web:
  config_file: web.yml
EOF
FERRY_URL= start_ferry --config.file="$work/ferry.yml" --web.enable-lifecycle

status=0
expect() { # expect CODE DESCRIPTION CURL-ARGS...
  local want=$1 what=$2; shift 2
  local got; got=$(curl -s -o "$work/answer" -w '%{http_code}' "$@")
  printf '%-58s %s %s\n' "$what" "$got" "$(head -c 80 "$work/answer" | tr '\n' ' ')"
  [ "$got" = "$want" ] || { echo "  FAIL: expected $want"; status=1; }
}
expect 200 "GET /-/ready with an unknown token" -H 'Authorization: Bearer nobody' "$url/-/ready"
expect 200 "GET /-/ready with a wrong password" -u alice:wrong "$url/-/ready"
expect 200 "GET /-/ready with another scheme" -H 'Authorization: Negotiate abc' "$url/-/ready"
expect 401 "GET /-/healthy (protected by basic auth) with a wrong password" -u alice:wrong "$url/-/healthy"
expect 400 "GET /metrics with two Authorization headers" -H 'Authorization: Bearer probe-admin-token' \
  -H 'Authorization: Bearer nobody' "$url/metrics"
expect 200 "GET /metrics with the token alone" -H 'Authorization: Bearer probe-admin-token' "$url/metrics"
expect 405 "GET /-/quit without credentials" "$url/-/quit"
expect 405 "DELETE /-/quit without credentials" -X DELETE "$url/-/quit"
expect 401 "PUT /-/quit without credentials" -X PUT "$url/-/quit"

printf 'basic_auth_users:\n  alice: plaintext\n' >"$work/bad-web.yml"
check=$("$root/bin/ferry" check config --web.config.file="$work/bad-web.yml" 2>&1) && checked=0 || checked=$?
served=$("$root/bin/ferry" serve --web.listen-address=127.0.0.1:0 --storage.path="$work/data2" \
  --web.config.file="$work/bad-web.yml" 2>&1 | sed -n 's/.*msg="cannot start" err=//p') || true
echo "ferry check config (exit $checked): $check"
echo "ferry serve:                      $served"
# serve's logfmt quotes and escapes the message; compare it unquoted.
unquoted=$(/usr/bin/python3 -c 'import json, sys; print(json.loads(sys.argv[1]))' "$served")
if [ "$checked" != 1 ] || [ "$check" != "$unquoted" ]; then
  echo "  FAIL: check config must exit 1 with serve's message"; status=1
fi
if [ "$status" = 0 ]; then echo "ok: the auth edges hold"; else echo "FAIL: see above"; fi
exit "$status"
