# shellcheck shell=bash
# Finds a JDK 21 or newer for bin/ferry and bin/test, which source this file.
#
# ferry_find_java [jdk] sets FERRY_JAVA_HOME, trying in order:
#   1. $JAVA_HOME, when it is new enough;
#   2. the newest one in the usual JVM directories;
#   3. the java on PATH, when it is new enough.
# With "jdk", only a full JDK (with javac, which the build needs) will do.

FERRY_MIN_JAVA=21

# Follows symlinks to the real file; portable where readlink -f is not.
ferry_realpath() {
  local p=$1 link
  while [ -L "$p" ]; do
    link=$(readlink "$p")
    case $link in
      /*) p=$link ;;
      *) p=$(dirname "$p")/$link ;;
    esac
  done
  printf '%s\n' "$p"
}

# Prints the feature version (17, 21, 25...) of the Java installation at $1; fails if it has none.
ferry_java_version() {
  local home=$1 v=
  [ -x "$home/bin/java" ] || return 1
  # The release file is cheap to read; starting a JVM is the fallback.
  if [ -r "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$home/release")
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  v=${v#1.}          # 1.8.0_292 is Java 8
  v=${v%%[!0-9]*}    # 25.0.3, 21-ea, 17+35: keep the leading number
  [ -n "$v" ] || return 1
  printf '%s\n' "$v"
}

# Succeeds if $1 is a Java installation of at least FERRY_MIN_JAVA (and a JDK if $2 is "jdk").
ferry_java_ok() {
  local home=$1 need=${2:-} v
  [ "$need" != jdk ] || [ -x "$home/bin/javac" ] || return 1
  v=$(ferry_java_version "$home") || return 1
  [ "$v" -ge "$FERRY_MIN_JAVA" ]
}

ferry_find_java() {
  local need=${1:-} candidate v best= best_v=0
  if [ -n "${JAVA_HOME:-}" ] && ferry_java_ok "$JAVA_HOME" "$need"; then
    FERRY_JAVA_HOME=$JAVA_HOME
    return 0
  fi
  for candidate in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/*jdk* \
      "${HOME:-/nonexistent}"/.sdkman/candidates/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$candidate" ] && ferry_java_ok "$candidate" "$need" || continue
    v=$(ferry_java_version "$candidate")
    if [ "$v" -gt "$best_v" ]; then
      best=$candidate
      best_v=$v
    fi
  done
  if [ -n "$best" ]; then
    FERRY_JAVA_HOME=$best
    return 0
  fi
  if candidate=$(command -v java); then
    candidate=$(ferry_realpath "$candidate")
    candidate=${candidate%/bin/java}
    if ferry_java_ok "$candidate" "$need"; then
      FERRY_JAVA_HOME=$candidate
      return 0
    fi
  fi
  echo "${0##*/}: no Java ${FERRY_MIN_JAVA}+ ${need:+JDK }found: set JAVA_HOME to one," \
    "or install one under /usr/lib/jvm (e.g. Temurin from adoptium.net)" >&2
  return 1
}
