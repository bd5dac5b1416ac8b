#!/usr/bin/env bash
# Runs one Jazzer fuzz target: the exposition parsers, the config value parsers, the PEM reader,
# the label selector parser, or the regex engine.
#
#   bench/fuzz.sh TARGET SECONDS     fuzz TARGET for SECONDS, growing its corpus
#   bench/fuzz.sh TARGET merge       minimise the grown corpus into the committed inputs
#   bench/fuzz.sh TARGET FILE...     run TARGET once on each FILE (reproduce a finding)
#
# TARGET: text | openmetrics | protobuf | size | duration | pem | http11 | selector | regex | webconfig | auth | relabel | queue | promduration | promsize | promconfig | filesd | tunnelclient | pollanswer | push | declaration | statsdline | statsdmapping | statsdtcp | statsdconfig | otlpproto | otlpjson | otlpconvert | gunzip
#         (or the test class's simple name).
# See docs/fuzzing.md for where corpora and findings live.
set -euo pipefail

# One compound command: bash reads all of it before running any, so editing this file while a
# long fuzzing run is going does not change what that run does next.
{

usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[[ $# -ge 2 ]] || usage

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
target=$1; shift
package=
case $target in
    text|prometheus|PrometheusTextParserFuzzTest)
        class=PrometheusTextParserFuzzTest; name=text; format=PROMETHEUS_TEXT ;;
    openmetrics|om|OpenMetricsParserFuzzTest)
        class=OpenMetricsParserFuzzTest; name=openmetrics; format=OPENMETRICS ;;
    protobuf|proto|ProtobufParserFuzzTest)
        class=ProtobufParserFuzzTest; name=protobuf; format=PROTOBUF ;;
    size|ByteSizeFuzzTest)
        class=ByteSizeFuzzTest; name=size; format= ;;
    duration|GoDurationFuzzTest)
        class=GoDurationFuzzTest; name=duration; format=; package=io.ferry.model.fuzz ;;
    pem|PemFuzzTest)
        class=PemFuzzTest; name=pem; format=; package=io.ferry.http ;;
    http11|Http11ResponseFuzzTest)
        class=Http11ResponseFuzzTest; name=http11; format=; package=io.ferry.http ;;
    selector|LabelSelectorParserFuzzTest)
        class=LabelSelectorParserFuzzTest; name=selector; format=; package=io.ferry.model.fuzz ;;
    regex|GoRegexFuzzTest)
        class=GoRegexFuzzTest; name=regex; format=; package=io.ferry.model.fuzz ;;
    webconfig|WebSecurityConfigFuzzTest)
        class=WebSecurityConfigFuzzTest; name=webconfig; format= ;;
    auth|AuthConfigFuzzTest)
        class=AuthConfigFuzzTest; name=auth; format= ;;
    relabel|RelabelConfigFuzzTest)
        class=RelabelConfigFuzzTest; name=relabel; format= ;;
    promduration|PromDurationFuzzTest)
        class=PromDurationFuzzTest; name=promduration; format=; package=io.ferry.model.fuzz ;;
    promsize|PromSizeFuzzTest)
        class=PromSizeFuzzTest; name=promsize; format= ;;
    promconfig|PrometheusConfigFuzzTest)
        class=PrometheusConfigFuzzTest; name=promconfig; format= ;;
    queue|QueueRecordCodecFuzzTest)
        class=QueueRecordCodecFuzzTest; name=queue; format=; package=io.ferry.remotewrite.queue.fuzz ;;
    tunnelclient|PollAnswerFuzzTest)
        class=PollAnswerFuzzTest; name=tunnelclient; format=; package=io.ferry.tunnel.client ;;
    filesd|TargetGroupReaderFuzzTest)
        class=TargetGroupReaderFuzzTest; name=filesd; format=; package=io.ferry.scrape.discovery.fuzz ;;
    pollanswer|ScrapeRequestFuzzTest)
        class=ScrapeRequestFuzzTest; name=pollanswer; format=; package=io.ferry.tunnel.fuzz ;;
    push|RelayedResponseFuzzTest)
        class=RelayedResponseFuzzTest; name=push; format=; package=io.ferry.tunnel.fuzz ;;
    declaration|ClientDeclarationFuzzTest)
        class=ClientDeclarationFuzzTest; name=declaration; format=; package=io.ferry.tunnel.fuzz ;;
    statsdline|LineParserFuzzTest)
        class=LineParserFuzzTest; name=statsdline; format=; package=io.ferry.statsd.line.fuzz ;;
    statsdmapping|MappingConfigFuzzTest)
        class=MappingConfigFuzzTest; name=statsdmapping; format=; package=io.ferry.statsd.mapping.fuzz ;;
    statsdtcp|LineFramerFuzzTest)
        class=LineFramerFuzzTest; name=statsdtcp; format=; package=io.ferry.statsd.internal.fuzz ;;
    statsdconfig|StatsdConfigFuzzTest)
        class=StatsdConfigFuzzTest; name=statsdconfig; format= ;;
    otlpproto|OtlpProtobufDecoderFuzzTest)
        class=OtlpProtobufDecoderFuzzTest; name=otlpproto; format=; package=io.ferry.otlp.wire ;;
    otlpjson|OtlpJsonDecoderFuzzTest)
        class=OtlpJsonDecoderFuzzTest; name=otlpjson; format=; package=io.ferry.otlp.wire ;;
    otlpconvert|OtlpConverterFuzzTest)
        class=OtlpConverterFuzzTest; name=otlpconvert; format=; package=io.ferry.otlp.convert.fuzz ;;
    gunzip|DecodeWholeFuzzTest)
        class=DecodeWholeFuzzTest; name=gunzip; format=; package=io.ferry.exposition.fuzz ;;
    *) echo "unknown target '$target' (text, openmetrics, protobuf, size, duration, pem, http11, selector, regex, webconfig, auth, relabel, queue, promduration, promsize, promconfig, filesd, tunnelclient, pollanswer, push, declaration, statsdline, statsdmapping, statsdtcp, statsdconfig, otlpproto, otlpjson, otlpconvert, gunzip)" >&2; exit 2 ;;
esac
if [[ -z $package ]]; then
    package=io.ferry.exposition.fuzz
    [[ -n $format ]] || package=io.ferry.config.fuzz
fi
method=fuzz

# A JDK 21 or newer: JAVA_HOME if it is one, else a Temurin 25, else any JDK >= 21 under /usr/lib/jvm.
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'; }
find_jdk() {
    if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]] && (( $(java_major "$JAVA_HOME") >= 21 )); then
        echo "$JAVA_HOME"; return
    fi
    local d
    for d in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*; do
        if [[ -x $d/bin/java && -x $d/bin/javac ]] && (( $(java_major "$d") >= 21 )); then
            echo "$d"; return
        fi
    done
    echo "no JDK 21 or newer found: set JAVA_HOME" >&2; exit 1
}
JAVA_HOME=$(find_jdk); export JAVA_HOME

inputs=$ROOT/ferry/src/test/resources/${package//.//}/${class}Inputs/$method  # committed, replayed by mvn test
corpus=$ROOT/ferry/.cifuzz-corpus/$package.$class/$method                    # grown by the fuzzer, not committed
findings=$ROOT/ferry/.cifuzz-findings/$name                                   # crash-*, timeout-*, not committed
mkdir -p "$inputs" "$corpus" "$findings"

# Compile the tests and resolve their class path (once per change of ferry/pom.xml). The copy of
# the inputs under target/ is removed first: the resources plugin adds files but never deletes
# them, and Jazzer reads the inputs from the class path, so stale copies would be replayed too.
cd "$ROOT"
rm -rf "$ROOT/ferry/target/test-classes/${package//.//}/${class}Inputs"
mvn_quiet() { ./mvnw -B -q -o "$@" || ./mvnw -B -q "$@"; }
mvn_quiet test-compile -pl ferry >&2
cp_file=$ROOT/ferry/target/fuzz-classpath.txt
if [[ ! -s $cp_file || $ROOT/ferry/pom.xml -nt $cp_file || $ROOT/pom.xml -nt $cp_file ]]; then
    mvn_quiet dependency:build-classpath -pl ferry -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >&2
fi
classpath=$ROOT/ferry/target/test-classes:$ROOT/ferry/target/classes:$(cat "$cp_file")

# Sanitizers that hook JDK classes (regex, process spawning): irrelevant to parsers, and Jazzer
# 0.24's ASM cannot read JDK 25 class files (major version 69), so they only print stack traces.
s=com.code_intelligence.jazzer.sanitizers
disabled_hooks=$s.RegexRoadblocks:$s.RegexInjection:$s.OsCommandInjection

jazzer() {
    # Jazzer's standalone driver runs the @FuzzTest method through JUnit, with libFuzzer flags.
    # Only Ferry's classes are instrumented.
    "$JAVA_HOME/bin/java" -Xmx2g -Xss4m -XX:+UseParallelGC -XX:-OmitStackTraceInFastThrow \
        -XX:+EnableDynamicAgentLoading --enable-native-access=ALL-UNNAMED \
        -cp "$classpath" com.code_intelligence.jazzer.Jazzer \
        --target_class=$package.$class --target_method=$method \
        --instrumentation_includes='io.ferry.**' --custom_hook_includes='io.ferry.**' \
        --disabled_hooks=$disabled_hooks \
        "$@"
}

case $1 in
    merge)
        # Keep the seeds (seed-*), the reproducers of past findings (regression-*), and the smallest
        # set of other inputs that covers what the committed inputs and the grown corpus cover together.
        tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
        mkdir "$tmp/all" "$tmp/min"
        cp "$inputs"/* "$corpus"/* "$tmp/all/" 2>/dev/null || true
        # use_counters=0: keep the inputs that add an edge, not every new hit count of one, which
        # keeps the set to a few hundred files (set_cover_merge would be smaller still, but its
        # child processes are started as "jazzer", which is not on the PATH). Findings do not
        # stop a merge, so inputs that still fail a check are moved to the findings directory
        # afterwards, keeping mvn test green.
        jazzer -merge=1 -use_counters=0 -timeout=10 -rss_limit_mb=3072 "$tmp/min" "$tmp/all"
        [[ -z $format ]] || "$JAVA_HOME/bin/java" -cp "$classpath" $package.CorpusFilter $format "$tmp/min" "$findings"
        declare -A seed_sums=()
        for f in "$inputs"/seed-* "$inputs"/regression-*; do [[ -e $f ]] && seed_sums[$(sha1sum < "$f" | cut -c1-40)]=1; done
        find "$inputs" -type f ! -name 'seed-*' ! -name 'regression-*' -delete
        kept=0
        for f in "$tmp/min"/*; do
            [[ -e $f ]] || continue
            sum=$(sha1sum < "$f" | cut -c1-40)
            [[ -n ${seed_sums[$sum]:-} ]] && continue
            cp "$f" "$inputs/$sum"; kept=$((kept + 1))
        done
        echo "$class: $(ls "$inputs" | grep -c '^seed-') seeds + $kept minimised inputs in $inputs" >&2
        ;;
    ''|*[!0-9]*)
        # Reproduce: run once on each given file.
        files=()
        for f in "$@"; do files+=("$(cd "$(dirname "$f")" && pwd)/$(basename "$f")"); done
        jazzer -runs=1 "${files[@]}"
        ;;
    *)
        seconds=$1; shift
        echo "fuzzing $class for ${seconds}s with $JAVA_HOME; corpus $corpus; findings $findings" >&2
        # keep_going: go on after a finding (findings are deduplicated by stack trace), so one run
        # reports every distinct problem it meets.
        jazzer --keep_going=100 -max_total_time="$seconds" -timeout=10 -rss_limit_mb=3072 -max_len=8192 \
            -print_final_stats=1 -artifact_prefix="$findings/" "$@" "$corpus" "$inputs"
        ;;
esac
exit
}
