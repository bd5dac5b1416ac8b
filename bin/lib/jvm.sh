# shellcheck shell=bash
# The JVM options bin/ferry starts Ferry with (docs/RATIONALE.md, "Fast at its defaults"), which
# bin/ferry sources. FERRY_JAVA_OPTS comes after them on the command line and wins; what it sets
# here is left out:
# - exit on OutOfMemoryError: a JVM whose threads died of it keeps answering /-/healthy while its
#   routes fail; exited, its supervisor restarts it on its durable state;
# - the throughput collector, unless FERRY_JAVA_OPTS names a collector (then none of the young
#   generation's sizing either);
# - a heap of at most 11% of the memory the JVM may use, or on a small machine or container the
#   JVM's own share (a quarter) up to 512 MiB, unless FERRY_JAVA_OPTS sizes the heap;
# - a young generation of at most 128 MiB, and at most a third of the heap: a cap as large as the
#   heap leaves the old generation no room, and the JVM then cannot load its start-up cache and
#   does not start.

# ferry_bytes SIZE: a JVM size (1073741824, 64k, 512m, 1g, 1t) in bytes; nothing when it is not one.
ferry_bytes() {
  local n=${1%[kKmMgGtT]} unit=${1##*[0-9]}
  case $n in '' | *[!0-9]*) return 0 ;; esac
  case $unit in
    '') echo "$n" ;;
    k | K) echo $((n << 10)) ;;
    m | M) echo $((n << 20)) ;;
    g | G) echo $((n << 30)) ;;
    t | T) echo $((n << 40)) ;;
  esac
}

# ferry_memory_bytes: the memory the JVM will see: the machine's, or less where a memory cgroup
# holding this process (v2 or v1; its own or one above it) has a lower limit, as in a container or
# a service with a memory limit; nothing when /proc/meminfo cannot be read (not Linux).
ferry_memory_bytes() {
  local total='' limit key value _ dir root file controllers path
  # Builtins only (read, no awk or cat): this runs at every start.
  while read -r key value _; do
    [ "$key" = MemTotal: ] && total=$value && break
  done </proc/meminfo 2>/dev/null
  case $total in '' | *[!0-9]*) return 0 ;; esac
  total=$((total << 10))
  # Lines of /proc/self/cgroup: "0::/path" (v2), "4:memory:/path" (v1).
  while IFS=: read -r _ controllers path; do
    case ,$controllers, in
      ,,) root=/sys/fs/cgroup file=memory.max ;;
      *,memory,*) root=/sys/fs/cgroup/memory file=memory.limit_in_bytes ;;
      *) continue ;;
    esac
    [ -d "$root" ] || continue
    dir=$root${path%/}
    while :; do
      limit=
      [ -r "$dir/$file" ] && read -r limit <"$dir/$file"
      case $limit in '' | *[!0-9]*) ;; *) [ "$limit" -lt "$total" ] && total=$limit ;; esac
      [ "$dir" = "$root" ] && break
      dir=${dir%/*}
      [ ${#dir} -lt ${#root} ] && dir=$root
    done
  done </proc/self/cgroup 2>/dev/null
  echo "$total"
}

# ferry_jvm_defaults MEMORY_BYTES [FERRY_JAVA_OPTS' words...]: prints the options, one a line.
# MEMORY_BYTES may be empty (unknown): then the heap is 11% and the young generation the JVM's own.
ferry_jvm_defaults() {
  local memory=$1 collector=yes heap='' percent='' young=mine arg
  shift
  for arg in "$@"; do
    case $arg in
      -XX:+Use*GC) collector='' ;;
      -Xmx*) heap=$(ferry_bytes "${arg#-Xmx}") ;;
      -XX:MaxHeapSize=*) heap=$(ferry_bytes "${arg#*=}") ;;
      -XX:MaxRAM=*) memory=$(ferry_bytes "${arg#*=}") ;;
      -XX:MaxRAMPercentage=*) percent=${arg#*=} percent=${percent%%.*} ;;
      -Xmn* | -XX:MaxNewSize=* | -XX:NewSize=* | -XX:NewRatio=*) young='' ;;
    esac
  done
  echo -XX:+ExitOnOutOfMemoryError
  if [ -n "$collector" ]; then
    echo -XX:+UseParallelGC
  fi
  if [ -z "$heap" ] && [ -z "$percent" ]; then
    percent=11
    if [ -n "$memory" ]; then
      local floor=$((memory / 4 < 512 << 20 ? memory / 4 : 512 << 20))
      if [ $((memory * percent / 100)) -lt "$floor" ]; then
        percent=$(((floor * 100 + memory - 1) / memory))
      fi
    fi
    echo "-XX:MaxRAMPercentage=$percent"
  fi
  if [ -z "$heap" ] && [ -n "$memory" ] && [ -n "$percent" ]; then
    heap=$((memory / 100 * percent))
  fi
  if [ -n "$collector" ] && [ -n "$young" ] && [ -n "$heap" ]; then
    local cap=$((128 << 20))
    [ $((heap / 3)) -lt "$cap" ] && cap=$((heap / 3))
    if [ $((cap >> 20)) -ge 1 ]; then
      echo "-XX:MaxNewSize=$((cap >> 20))m"
    fi
  fi
}
