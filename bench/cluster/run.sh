#!/usr/bin/env bash
# Cluster benchmarks: Ferry members on a real Kafka (KRaft) started from the jars the Maven build
# resolved (ferry/target/kafka-broker.classpath, as testing.KafkaBroker and the README's recipe do),
# every process on this machine's loopback.
#
#   bench/cluster/run.sh [scenario...]   scenarios (default: push catchup failover):
#     push      PUT throughput: one Ferry alone, then 3 members on 1 broker, then 3 members on 3
#               brokers, under the same wrk load (bench/push/put.lua through put-spread.lua)
#     catchup   1 broker, member A; 1,000,000 series pushed through A; then a fresh member B: the
#               time from its launch until /-/ready is 200; again for C after a snapshot round
#     failover  1 broker, 3 members: kill -9 one, the time until the other two own every shard
#               (ferry_cluster_owned_shards); then the same after SIGTERM of another
#
# Ferry runs through bin/ferry at its defaults (FERRY_JAVA_OPTS is refused), each member with the
# cluster, statsd and otlp sections of examples/cluster.yml and its own --web.listen-address and
# --storage.path; the example's scrape job and remote_write are left out (a push benchmark; the
# self-scrape would otherwise queue the pushed state for a receiver that is not there).
# Needs wrk and python3. Environment:
#   DURATION     seconds of each measured wrk run (default 15), after WARMUP seconds (default 10)
#   RUNS         measured wrk runs per figure (default 2)
#   CONNECTIONS  wrk's connections, split evenly over 3 threads (default 255: 85 per member)
#   MAX_LOAD     wait (up to LOAD_WAIT seconds, default 180) before a measurement while the 1-minute
#                load average is above this (default 3); the load is printed beside every figure
#   BROKERS      the broker counts push runs the members on (default "1 3"); SINGLE=0 skips the lone Ferry
#   CATCHUP_GROUPS x CATCHUP_SERIES  series pushed for catchup (default 10000 x 100)
# Prints one line per figure; bench/RESULTS.md records them.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=../../bin/lib/java.sh
. "$root/bin/lib/java.sh"
ferry_find_java jdk

[ -z "${FERRY_JAVA_OPTS:-}" ] || { echo "unset FERRY_JAVA_OPTS: Ferry is measured at its defaults" >&2; exit 2; }

DURATION=${DURATION:-15}
WARMUP=${WARMUP:-10}
RUNS=${RUNS:-2}
CONNECTIONS=${CONNECTIONS:-255}
MAX_LOAD=${MAX_LOAD:-3}
LOAD_WAIT=${LOAD_WAIT:-180}
CATCHUP_GROUPS=${CATCHUP_GROUPS:-10000}
CATCHUP_SERIES=${CATCHUP_SERIES:-100}
BROKERS=${BROKERS:-1 3}
SINGLE=${SINGLE:-1}
THREADS=3
PUT_GROUPS=1000
BROKER_PORT=39490     # node i: client 39490+i, controller 39495+i
MEMBER_PORT=39190     # the lone Ferry 39190, member i 39190+i
python=$(command -v /usr/bin/python3 || command -v python3)
java=$FERRY_JAVA_HOME/bin/java

work=$(mktemp -d /tmp/ferry-cluster-bench.XXXXXX)
declare -A member_pid=()
broker_pids=()
cleanup() {
  local p
  for p in "${member_pid[@]}" "${broker_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${member_pid[@]}" "${broker_pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

say() { printf '%s\n' "$*"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN {printf "%.1f", b - a}'; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

# Waits while the 1-minute load average is above MAX_LOAD (others build on this machine), at most
# LOAD_WAIT seconds; then goes on either way. Prints the load it measures under.
settle() {
  local waited=0
  while awk -v l="$(cut -d' ' -f1 /proc/loadavg)" -v m="$MAX_LOAD" 'BEGIN {exit !(l > m)}' \
    && [ "$waited" -lt "$LOAD_WAIT" ]; do
    sleep 15; waited=$((waited + 15))
  done
  say "  load average $(load) (waited ${waited}s)"
}

# --- Kafka ---------------------------------------------------------------------------------------

broker_classpath() {
  local file=$root/ferry/target/kafka-broker.classpath
  if [ ! -f "$file" ]; then
    (cd "$root" && JAVA_HOME=$FERRY_JAVA_HOME ./mvnw -B -q -pl ferry generate-test-resources) >&2
  fi
  tr ':' '\n' <"$file" | grep -v slf4j-jdk14 | paste -sd:
}

bootstrap() { # N: the client listeners of N nodes
  local i out=()
  for i in $(seq 0 $(($1 - 1))); do out+=("127.0.0.1:$((BROKER_PORT + i))"); done
  (IFS=,; say "${out[*]}")
}

# start_brokers N: formats and starts N KRaft nodes (1 or 3; broker and controller each, -Xmx512m),
# waits until each logs "Kafka Server started".
start_brokers() {
  local n=$1 i voters="" cp id rf isr
  cp=$(broker_classpath)
  rf=$([ "$n" = 3 ] && echo 3 || echo 1); isr=$([ "$n" = 3 ] && echo 2 || echo 1)
  for i in $(seq 0 $((n - 1))); do voters+="${voters:+,}$((i + 1))@127.0.0.1:$((BROKER_PORT + 5 + i))"; done
  printf '%s\n' appender.err.type=Console appender.err.name=err appender.err.target=SYSTEM_ERR \
    appender.err.layout.type=PatternLayout 'appender.err.layout.pattern=[%d] %p %m (%c)%n' \
    rootLogger.level=INFO rootLogger.appenderRef.err.ref=err >"$work/log4j2.properties"
  id=$("$java" -cp "$cp" kafka.tools.StorageTool random-uuid)
  broker_pids=()
  for i in $(seq 0 $((n - 1))); do
    rm -rf "$work/kafka-$i"
    cat >"$work/kafka-$i.properties" <<EOF
process.roles=broker,controller
node.id=$((i + 1))
controller.quorum.voters=$voters
listeners=PLAINTEXT://127.0.0.1:$((BROKER_PORT + i)),CONTROLLER://127.0.0.1:$((BROKER_PORT + 5 + i))
advertised.listeners=PLAINTEXT://127.0.0.1:$((BROKER_PORT + i))
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$work/kafka-$i
num.partitions=1
default.replication.factor=$rf
min.insync.replicas=$isr
offsets.topic.replication.factor=$rf
transaction.state.log.replication.factor=$rf
transaction.state.log.min.isr=$isr
share.coordinator.state.topic.replication.factor=$rf
share.coordinator.state.topic.min.isr=$isr
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
EOF
    "$java" -cp "$cp" kafka.tools.StorageTool format -t "$id" -c "$work/kafka-$i.properties" >/dev/null
  done
  for i in $(seq 0 $((n - 1))); do
    "$java" -Xmx512m -Dlog4j2.configurationFile="$work/log4j2.properties" -cp "$cp" kafka.Kafka \
      "$work/kafka-$i.properties" >"$work/kafka-$i.log" 2>&1 &
    broker_pids+=($!)
  done
  for i in $(seq 0 $((n - 1))); do
    for _ in $(seq 600); do
      grep -q "Kafka Server started" "$work/kafka-$i.log" && break
      kill -0 "${broker_pids[$i]}" 2>/dev/null || { tail -50 "$work/kafka-$i.log" >&2; exit 1; }
      sleep 0.25
    done
    grep -q "Kafka Server started" "$work/kafka-$i.log" || { say "node $i did not start in 150 s" >&2; exit 1; }
  done
}

stop_brokers() {
  local p
  for p in "${broker_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${broker_pids[@]}"; do wait "$p" 2>/dev/null || true; done
  broker_pids=()
}

# --- Ferry ---------------------------------------------------------------------------------------

# member_config N: examples/cluster.yml's cluster (bootstrap_servers and replication_factor for N
# brokers), statsd and otlp sections, without its scrape job and remote_write.
member_config() {
  local rf
  rf=$([ "$1" = 3 ] && echo 3 || echo 1)
  sed -n '/^cluster:/,/^global:/p' "$root/examples/cluster.yml" | sed '$d' \
    | sed -e "s|bootstrap_servers: .*|bootstrap_servers: $(bootstrap "$1")|" \
          -e "s|replication_factor: [0-9]*|replication_factor: $rf|" >"$work/member-$1.yml"
  say "$work/member-$1.yml"
}

addr() { say "127.0.0.1:$((MEMBER_PORT + $1))"; }

# launch I [ferry flags...]: bin/ferry serve on addr I with storage $work/ferry-I (fresh); sets
# member_pid[I] and LAUNCHED (the time it was started).
launch() {
  local i=$1; shift
  rm -rf "$work/ferry-$i"
  LAUNCHED=$(now)
  "$root/bin/ferry" serve --web.listen-address="$(addr "$i")" --storage.path="$work/ferry-$i" "$@" \
    >"$work/ferry-$i.log" 2>&1 &
  member_pid[$i]=$!
}

# await I PATH: until GET PATH on member I answers 200 (at most 300 s).
await() {
  local i=$1
  for _ in $(seq 3000); do
    curl -sf -o /dev/null "http://$(addr "$i")$2" && return 0
    kill -0 "${member_pid[$i]}" 2>/dev/null || { say "member $i exited; log:" >&2; tail -40 "$work/ferry-$i.log" >&2; exit 1; }
    sleep 0.1
  done
  say "member $i: $2 not 200 after 300 s" >&2; exit 1
}

stop_member() { # I [SIGNAL]
  kill "-${2:-TERM}" "${member_pid[$1]}" 2>/dev/null || true
  wait "${member_pid[$1]}" 2>/dev/null || true
  unset "member_pid[$1]"
}

stop_members() {
  local i
  for i in "${!member_pid[@]}"; do stop_member "$i"; done
}

owned() { # I: ferry_cluster_owned_shards of member I (0 when it does not answer)
  curl -sf "http://$(addr "$1")/metrics" | awk '/^ferry_cluster_owned_shards / {printf "%d", $2; f=1} END {if (!f) print 0}'
}

# --- Figures -------------------------------------------------------------------------------------

# put_rate MEMBER_INDEX...: WARMUP seconds, then RUNS runs of DURATION seconds of wrk with
# CONNECTIONS connections over 3 threads, thread i sending to the i-th member listed (round robin);
# fails if any answer was not 2xx. Prints, per run, pushes/s, wrk's median and 99th percentile
# latency, the machine's busy cores over the run (every process, other tenants' included) and the
# cores of the Ferry and Kafka processes among them (the rest is wrk's and other tenants').
put_rate() {
  local members="" i out cpu0 m0 b0 t0 runs=()
  for i in "$@"; do members+="${members:+ }$(addr "$i")"; done
  # What the processes cost with no push at all (heartbeats, idle polls, fetches), over 10 s.
  m0=$(ticks "${member_pid[@]}"); b0=$(ticks "${broker_pids[@]}"); t0=$(now); sleep 10
  say "  idle: Ferry $(cores "$m0" "$t0" "${member_pid[@]}") cores, Kafka $(cores "$b0" "$t0" "${broker_pids[@]}") cores" >&2
  MEMBERS=$members PUSH_GROUPS=$PUT_GROUPS THREADS=$THREADS \
    wrk -t$THREADS -c"$CONNECTIONS" -d"${WARMUP}s" -s "$here/put-spread.lua" "http://$(addr "$1")" >/dev/null
  for _ in $(seq "$RUNS"); do
    cpu0=$(head -1 /proc/stat); m0=$(ticks "${member_pid[@]}"); b0=$(ticks "${broker_pids[@]}"); t0=$(now)
    out=$(MEMBERS=$members PUSH_GROUPS=$PUT_GROUPS THREADS=$THREADS \
      wrk --latency -t$THREADS -c"$CONNECTIONS" -d"${DURATION}s" -s "$here/put-spread.lua" "http://$(addr "$1")")
    if grep -qE "Non-2xx|Socket errors" <<<"$out"; then say "$out" >&2; say "FAILED: errors or answers other than 2xx" >&2; exit 1; fi
    runs+=("$(awk '/Requests\/sec/ {printf "%.0f", $2} / 50%/ {p50 = $2} / 99%/ {p99 = $2}
      END {printf " (p50 %s, p99 %s,", p50, p99}' <<<"$out") $(busy "$cpu0") cores busy:" \
      "Ferry $(cores "$m0" "$t0" "${member_pid[@]}"), Kafka $(cores "$b0" "$t0" "${broker_pids[@]}"))")
  done
  say "${runs[*]}"
}

ticks() { # PID...: their utime + stime, in clock ticks
  local p t=0
  for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done
  say "$t"
}

cores() { # TICKS_BEFORE TIME_BEFORE PID...: the cores those processes used since then
  awk -v a="$1" -v b="$(ticks "${@:3}")" -v hz="$(getconf CLK_TCK)" -v d="$(since "$2")" 'BEGIN {printf "%.2f", (b - a) / hz / d}'
}

busy() { # CPU_LINE_BEFORE: busy cores since then, from /proc/stat
  awk -v a="$1" -v b="$(head -1 /proc/stat)" 'BEGIN {
    n = split(a, x, " "); split(b, y, " ")
    for (i = 2; i <= n; i++) { d = y[i] - x[i]; t += d; if (i == 5 || i == 6) idle += d }
    printf "%.2f", (t - idle) / t * '"$(nproc)"' }'
}

groups_served() { curl -s "http://$(addr "$1")/metrics" | grep -c '^push_time_seconds{' || true; }

scenario_push() {
  local n cfg rates
  say "push: PUT of 3 series over $PUT_GROUPS groups, wrk -t$THREADS -c$CONNECTIONS, ${RUNS}x${DURATION}s after ${WARMUP}s"
  if [ "$SINGLE" = 1 ]; then
    settle
    launch 0
    await 0 /-/ready
    say "  load average $(load) at the start of the runs"
    rates=$(put_rate 0 0 0)
    say "push single-node (no cluster) pushes/s (runs): $rates groups=$(groups_served 0)"
    stop_members
  fi
  for n in $BROKERS; do
    settle
    start_brokers "$n"
    cfg=$(member_config "$n")
    for i in 1 2 3; do launch "$i" --config.file="$cfg"; done
    for i in 1 2 3; do await "$i" /-/ready; done
    say "  load average $(load) at the start of the runs"
    rates=$(put_rate 1 2 3)
    say "push cluster brokers=$n members=3 pushes/s (runs): $rates groups=$(groups_served 1)/$(groups_served 2)/$(groups_served 3)"
    stop_members
    stop_brokers
  done
}

scenario_catchup() {
  local cfg t series=$((CATCHUP_GROUPS * CATCHUP_SERIES)) healthy
  settle
  start_brokers 1
  cfg=$(member_config 1)
  launch 1 --config.file="$cfg"
  await 1 /-/ready
  say "catchup: member A ready $(since "$LAUNCHED") s after launch (empty state, topics created)"
  settle
  t=$(now)
  say "catchup: pushed $series series through A ($CATCHUP_GROUPS PUTs of $CATCHUP_SERIES, one after another):" \
    "$("$python" "$root/bench/push/sequential.py" "$(addr 1)" "$CATCHUP_GROUPS" "$CATCHUP_SERIES")"
  say "  A serves $(groups_served 1) groups"
  for m in 2 3; do
    if [ "$m" = 3 ]; then
      # A's first snapshot round (snapshot_interval, 1 m, after it caught up) has now covered every group.
      sleep "$(awk -v s="$(since "$t")" 'BEGIN {w = 75 - s; print (w > 0 ? w : 0)}')"
      settle
    else
      # No wait for the load here: B must start before A's first snapshot round, to replay the topic.
      say "  load average $(load)"
    fi
    launch "$m" --config.file="$cfg"
    await "$m" /-/healthy; healthy=$(since "$LAUNCHED")
    await "$m" /-/ready
    say "catchup: member $m ready $(since "$LAUNCHED") s after launch (healthy after $healthy s)," \
      "$( [ "$m" = 2 ] && echo "right after the push" || echo "75 s after the push began")," \
      "serves $(groups_served "$m") groups, $(curl -s "http://$(addr "$m")/metrics" | grep -c '^bench_metric_') pushed series"
    grep -Eo 'msg="(restored|caught up)[^"]*".*' "$work/ferry-$m.log" | sed 's/^/  log: /' || true
  done
  stop_members
  stop_brokers
}

# await_owned_by I J SINCE: until members I and J together own every shard; prints the seconds.
await_owned_by() {
  local sum
  for _ in $(seq 1200); do
    sum=$(($(owned "$1") + $(owned "$2")))
    [ "$sum" -ge 64 ] && { since "$3"; return 0; }
    sleep 0.1
  done
  say "not moved within 120 s (owned: $sum)"
}

await_spread() { # until members 1, 2 and 3 together own all 64 shards, each some
  local a b c
  for _ in $(seq 1200); do
    a=$(owned 1); b=$(owned 2); c=$(owned 3)
    [ $((a + b + c)) -ge 64 ] && [ "$a" -gt 0 ] && [ "$b" -gt 0 ] && [ "$c" -gt 0 ] && { say "$a/$b/$c"; return 0; }
    sleep 0.1
  done
  say "not spread within 120 s: $a/$b/$c"; exit 1
}

scenario_failover() {
  local cfg t
  settle
  start_brokers 1
  cfg=$(member_config 1)
  for i in 1 2 3; do launch "$i" --config.file="$cfg"; done
  for i in 1 2 3; do await "$i" /-/ready; done
  say "failover: shards owned by members 1/2/3: $(await_spread)"
  settle
  t=$(now); kill -9 "${member_pid[3]}"; wait "${member_pid[3]}" 2>/dev/null || true; unset "member_pid[3]"
  say "failover: kill -9 member 3: members 1 and 2 own all 64 shards after $(await_owned_by 1 2 "$t") s"
  launch 3 --config.file="$cfg"; await 3 /-/ready
  say "failover: member 3 back, shards owned by members 1/2/3: $(await_spread)"
  settle
  t=$(now); kill -TERM "${member_pid[2]}"
  say "failover: SIGTERM member 2: members 1 and 3 own all 64 shards after $(await_owned_by 1 3 "$t") s"
  wait "${member_pid[2]}" 2>/dev/null || true; unset "member_pid[2]"
  stop_members
  stop_brokers
}

scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(push catchup failover)
"$root/bin/ferry" --version >/dev/null # builds the jar when it is stale
jar=$root/ferry/target/ferry.jar aot=$root/ferry/target/ferry.aot
if [ "$(ferry_java_version "$FERRY_JAVA_HOME")" -ge 25 ] && ! { [ -f "$aot" ] && [ "$aot" -nt "$jar" ]; }; then
  # Record the ahead-of-time cache now, as bin/ferry would in the background of a measured start.
  find "$aot.lock" -maxdepth 0 -mmin +10 -exec rmdir {} \; 2>/dev/null || true
  if mkdir "$aot.lock" 2>/dev/null; then
    "$root/bin/lib/aot-train.sh" "$java" "$jar" "$aot" >"$work/aot-train.log" 2>&1 || true
    rmdir "$aot.lock"
  fi
fi
say "# $(date -u +%FT%TZ) $(nproc) cores, $("$java" -version 2>&1 | head -1), $(git -C "$root" rev-parse --short HEAD)"
for s in "${scenarios[@]}"; do
  case $s in
    push) scenario_push ;;
    catchup) scenario_catchup ;;
    failover) scenario_failover ;;
    *) say "unknown scenario: $s"; exit 2 ;;
  esac
done
