#!/usr/bin/env bash
# Measures two revisions of this repository side by side in one run, so that a change can be shown
# to cost nothing beyond the noise of the machine it ran on.
#
#   bench/before-after.sh BEFORE_REV [AFTER_REV]
#
# BEFORE_REV (and AFTER_REV, when given) is checked out with `git worktree add --detach` into a
# temporary directory. Without AFTER_REV the after side is a copy of this checkout's working tree
# (tracked and untracked files, ignored ones apart) taken at the start, so that commits landing in
# the checkout during the run change nothing measured. Each side is built in its own directory
# with `./mvnw -o package` (the reactor hands the bench module that side's ferry module, which the
# script checks class by class) and runs its own bench/push/run.sh and bench/target/benchmarks.jar,
# all with the one JDK 21+ that bin/lib/java.sh finds.
#
# Figures (SCENARIOS), each measured for both sides back to back, before then after in odd rounds
# and after then before in even ones, so that a drift of the shared machine hits both sides alike:
#   put         bench/push/run.sh put, PGW=0: wrk PUTs over 1,000 groups; pushes/s of each run
#   sequential  bench/push/run.sh sequential, PGW=0: 1,000 groups x 100 series pushed one after
#               another (run 1 on a fresh server, run 2 warm), then GET /metrics: first, early, steady
#   jmh         ExpositionBenchmark, parse and write of the three formats: ops/s, and the table of
#               io.ferry.bench.Report (MB/s, ns per sample)
# Before the rounds each side serves one put run that is not counted, so that bin/ferry records its
# ahead-of-time cache (JDK 25+; a class-data archive before) and every measured server starts with it.
#
# Prints every figure as one line prefixed by side and round ("after r1 put ferry ..."), then a
# Markdown table: each figure's median per side over all runs and rounds, its range, and the
# after/before ratio of the medians.
#
# Environment:
#   ROUNDS     rounds (default 2)
#   SCENARIOS  figures to measure (default "put sequential jmh")
#   DURATION   seconds of each measured wrk run (default 10), after WARMUP seconds (default 10)
#   RUNS       measured wrk runs per put figure (default 3)
#   JMH_FLAGS  JMH options (default "-f 1 -wi 3 -w 2s -i 5 -r 2s"; add "-prof gc" for allocation)
# Needs git, curl, wrk and python3 (/usr/bin/python3), and Maven's offline repository (~/.m2)
# filled for both revisions. About 20 minutes with the defaults on 2 cores, the builds included.
set -euo pipefail
export GIT_OPTIONAL_LOCKS=0 # never refresh the checkout's index behind the backs of its users

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=../bin/lib/java.sh
. "$root/bin/lib/java.sh"
ferry_find_java jdk
export JAVA_HOME=$FERRY_JAVA_HOME # both sides' bin/ferry and run.sh take this one

ROUNDS=${ROUNDS:-2}
SCENARIOS=${SCENARIOS:-put sequential jmh}
export DURATION=${DURATION:-10} WARMUP=${WARMUP:-10} RUNS=${RUNS:-3}
JMH_FLAGS=${JMH_FLAGS:--f 1 -wi 3 -w 2s -i 5 -r 2s}
FERRY_ADDR=127.0.0.1:39091 # the address bench/push/run.sh serves on
python=$(command -v /usr/bin/python3 || command -v python3)

say() { printf '%s\n' "$*"; }
note() { say "# $(date +%T) $*"; } # progress
die() { say "${0##*/}: $*" >&2; exit 1; }

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
fi
case $ROUNDS in '' | *[!0-9]* | 0) die "ROUNDS must be a positive number: $ROUNDS" ;; esac
for s in $SCENARIOS; do
  case $s in put | sequential | jmh) ;; *) die "unknown scenario: $s" ;; esac
done
before_rev=$(git -C "$root" rev-parse --verify --quiet "$1^{commit}") || die "not a revision: $1"
after_rev=
if [ $# = 2 ]; then
  after_rev=$(git -C "$root" rev-parse --verify --quiet "$2^{commit}") || die "not a revision: $2"
fi
if curl -s -o /dev/null --max-time 2 "http://$FERRY_ADDR/"; then
  die "something already serves on $FERRY_ADDR; bench/push/run.sh needs it"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/before-after.XXXXXX")
figures=$work/figures
worktrees=()
child=

# run_child LOG COMMAND...: runs COMMAND in a session (and so a process group) of its own, output to
# LOG, and waits for it; the cleanup can then stop it with everything it started.
run_child() {
  local log=$1 rc=0
  shift
  setsid "$@" >"$log" 2>&1 </dev/null &
  child=$!
  wait "$child" || rc=$?
  child=
  return "$rc"
}

stop_child() {
  kill -TERM -- "-$child" 2>/dev/null || true
  for _ in $(seq 300); do # run.sh stops its wrk and server on TERM; give them 30 s
    kill -0 -- "-$child" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL -- "-$child" 2>/dev/null || true
  wait "$child" 2>/dev/null || true
}

cleanup() {
  local status=$? w
  trap - INT TERM
  [ -z "$child" ] || stop_child
  for w in "${worktrees[@]}"; do
    git -C "$root" worktree remove --force "$w" >/dev/null 2>&1 || rm -rf "$w"
  done
  rm -rf "$work"
  if [ ${#worktrees[@]} -gt 0 ] && git -C "$root" worktree list --porcelain | grep -qF "$work/"; then
    git -C "$root" worktree prune
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# failed LOG WHAT: shows the end of LOG and stops.
failed() {
  tail -n 40 "$1" >&2
  die "$2 failed (log above)"
}

# prepare SIDE REV: SIDE's sources at $work/SIDE; REV empty is this checkout's working tree.
prepare() {
  local side=$1 rev=$2 dir=$work/$1
  if [ -n "$rev" ]; then
    worktrees+=("$dir")
    git -C "$root" worktree add --detach "$dir" "$rev" >"$work/$side-checkout.log" 2>&1 ||
      failed "$work/$side-checkout.log" "git worktree add $rev"
  else
    mkdir "$dir"
    (cd "$root" && git ls-files -z --cached --others --exclude-standard) |
      while IFS= read -r -d '' f; do
        if [ -e "$root/$f" ] || [ -L "$root/$f" ]; then printf '%s\0' "$f"; fi # not deleted ones
      done |
      tar -C "$root" --null -T - -cf - | tar -C "$dir" -xf -
  fi
}

# describe REV: one line naming what a side is.
describe() {
  if [ -n "$1" ]; then
    git -C "$root" log -1 --format='%h %s' "$1" | cut -c1-100
  else
    local changed
    changed=$(git -C "$root" status --porcelain | wc -l)
    say "working tree of $(git -C "$root" log -1 --format='%h %s' HEAD | cut -c1-80)" \
      "(paths changed or untracked: $changed)"
  fi
}

build() { # SIDE
  local dir=$work/$1
  run_child "$work/$1-build.log" bash -c 'cd "$1" && ./mvnw -B -q -o -Dmaven.test.skip=true package' _ "$dir" ||
    failed "$work/$1-build.log" "the build of $1"
}

# Checks that each side's benchmarks.jar holds exactly the io.ferry classes of the same side's
# ferry.jar (names and CRCs) and lists ExpositionBenchmark, and says how much the sides differ.
check_jars() {
  "$python" - "$work" "$@" <<'EOF'
import sys, zipfile
work, sides = sys.argv[1], sys.argv[2:]
def ferry_classes(jar, skip_bench):
    with zipfile.ZipFile(jar) as z:
        return {i.filename: i.CRC for i in z.infolist()
                if i.filename.startswith("io/ferry/") and not i.filename.endswith("/")
                and not (skip_bench and i.filename.startswith("io/ferry/bench/"))}
seen = {}
for side in sides:
    ferry = ferry_classes(f"{work}/{side}/ferry/target/ferry.jar", False)
    bench_jar = f"{work}/{side}/bench/target/benchmarks.jar"
    bench = ferry_classes(bench_jar, True)
    with zipfile.ZipFile(bench_jar) as z:
        listed = "META-INF/BenchmarkList" in z.namelist() and \
            b"ExpositionBenchmark" in z.read("META-INF/BenchmarkList")
    if not ferry or bench != ferry:
        sys.exit(f"{side}: benchmarks.jar does not hold this side's ferry classes "
                 f"({len(set(bench.items()) ^ set(ferry.items()))} entries differ)")
    if not listed:
        sys.exit(f"{side}: benchmarks.jar lists no ExpositionBenchmark (META-INF/BenchmarkList)")
    print(f"# {side}: benchmarks.jar holds the {len(ferry)} io/ferry entries of its own ferry.jar, CRC for CRC")
    seen[side] = ferry
if len(seen) == 2:
    a, b = seen.values()
    differ = sum(1 for n in a.keys() | b.keys() if a.get(n) != b.get(n))
    print(f"# the sides differ in {differ} of {len(a.keys() | b.keys())} io/ferry entries")
EOF
}

# emit SIDE ROUND: prefixes each figure line on stdin, prints it and keeps it for the summary.
emit() {
  local line
  while IFS= read -r line; do
    case $line in '#'* | '') continue ;; esac
    say "$1 r$2 $line"
    say "$1 r$2 $line" >>"$figures"
  done
}

measure() { # SIDE ROUND SCENARIO
  local side=$1 r=$2 dir=$work/$1 log=$work/$1-r$2-$3.log csv=$work/$1-r$2-jmh.csv
  case $3 in
    put | sequential)
      run_child "$log" env PGW=0 "$dir/bench/push/run.sh" "$3" || failed "$log" "$side $3"
      emit "$side" "$r" <"$log"
      ;;
    jmh)
      # shellcheck disable=SC2086 # JMH_FLAGS is a list of options
      run_child "$log" "$JAVA_HOME/bin/java" -jar "$dir/bench/target/benchmarks.jar" ExpositionBenchmark \
        $JMH_FLAGS -rf csv -rff "$csv" || failed "$log" "$side JMH"
      "$python" - "$csv" <<'EOF' | emit "$side" "$r"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
h = rows[0]
for row in rows[1:]:
    bench = row[h.index("Benchmark")]
    if ":" in bench:  # a profiler's secondary figure
        continue
    print(f"jmh {bench.rsplit('.', 1)[1]} {row[h.index('Param: format')]} {row[h.index('Unit')]}:"
          f" {float(row[h.index('Score')]):.1f} ± {float(row[h.index('Score Error (99.9%)')] or 'nan'):.1f}")
EOF
      run_child "$log.report" "$JAVA_HOME/bin/java" -cp "$dir/bench/target/benchmarks.jar" \
        io.ferry.bench.Report "$csv" || failed "$log.report" "$side Report"
      sed "s/^/$side r$r report /" "$log.report"
      ;;
  esac
}

summary() {
  "$python" - "$figures" <<'EOF'
import re, statistics, sys
patterns = [  # (regex, figure name from the match, better, value groups)
    (r"put ferry groups=(\d+) stored=\d+ pushes/s \(runs\): ([\d ]+)$",
     lambda m: f"put, {m[1]} groups: pushes/s", "higher", lambda m: m[2].split()),
    (r"sequential ferry run (\d+): .*: ([\d.]+) s ",
     lambda m: f"sequential 1000x100, run {m[1]}{' (fresh server)' if m[1] == '1' else ''}: s", "lower",
     lambda m: [m[2]]),
    (r"scrape ferry series=(\d+) bytes=\d+ ms: first ([\d.]+) ",
     lambda m: f"scrape {m[1]} series, first: ms", "lower", lambda m: [m[2]]),
    (r"scrape ferry series=(\d+) bytes=(\d+) ",
     lambda m: f"scrape {m[1]} series: body bytes", "about equal", lambda m: [m[2]]),
    (r"scrape ferry series=(\d+) .* early \(scrapes [\d-]+\) min [\d.]+ median ([\d.]+) ",
     lambda m: f"scrape {m[1]} series, early median: ms", "lower", lambda m: [m[2]]),
    (r"scrape ferry steady \(scrapes [\d-]+\) min [\d.]+ median ([\d.]+) ",
     lambda m: "scrape, steady median: ms", "lower", lambda m: [m[1]]),
    (r"jmh (\w+) (\w+) ops/s: ([\d.]+) ",
     lambda m: f"JMH {m[1]} {m[2]}: ops/s", "higher", lambda m: [m[3]]),
]
values = {}  # figure -> side -> values, in order of first appearance
better = {}
for line in open(sys.argv[1]):
    side, _, rest = line.rstrip("\n").split(" ", 2)
    for regex, name, direction, groups in patterns:
        m = re.search(regex, rest)
        if m:
            fig = name(m)
            better[fig] = direction
            values.setdefault(fig, {}).setdefault(side, []).extend(float(v) for v in groups(m))
def fmt(v):
    return f"{v:,.0f}" if v >= 1000 else f"{v:,.3g}" if v < 10 else f"{v:,.1f}"
def cell(vs):
    if not vs:
        return "—"
    return f"{fmt(statistics.median(vs))} ({fmt(min(vs))} to {fmt(max(vs))}, n={len(vs)})"
print("| figure | better | before: median (range, n) | after: median (range, n) | after/before |")
print("| --- | --- | ---: | ---: | ---: |")
for fig, by_side in values.items():
    b, a = by_side.get("before", []), by_side.get("after", [])
    ratio = f"{statistics.median(a) / statistics.median(b):.3f}" if a and b and statistics.median(b) else "—"
    print(f"| {fig} | {better[fig]} | {cell(b)} | {cell(a)} | {ratio} |")
EOF
}

started=$(date +%s)
before_name=$(describe "$before_rev")
after_name=$(describe "$after_rev")
say "# $(date -u +%FT%TZ) $(nproc) cores, $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
say "# before: $before_name"
say "# after:  $after_name"
say "# ROUNDS=$ROUNDS SCENARIOS=\"$SCENARIOS\" put: wrk ${RUNS}x${DURATION}s after ${WARMUP}s; JMH: $JMH_FLAGS"
prepare before "$before_rev"
prepare after "$after_rev"
for side in before after; do
  note "building $side"
  build "$side"
done
check_jars before after
for side in before after; do
  note "$side: a put run that records bin/ferry's start-up cache (not counted)"
  run_child "$work/$side-prime.log" env PGW=0 RUNS=1 "$work/$side/bench/push/run.sh" put ||
    failed "$work/$side-prime.log" "the first put run of $side"
done

for r in $(seq "$ROUNDS"); do
  if [ $((r % 2)) = 1 ]; then order=(before after); else order=(after before); fi
  note "round $r: ${order[*]}"
  for scenario in $SCENARIOS; do
    for side in "${order[@]}"; do
      measure "$side" "$r" "$scenario"
    done
  done
done

say ""
say "# summary: $ROUNDS rounds, $(($(date +%s) - started)) s in all; before = $before_name; after = $after_name"
summary
