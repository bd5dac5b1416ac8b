package io.ferry.statsd.line.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ferry.statsd.line.LineParser;
import io.ferry.statsd.line.MetricKind;
import io.ferry.statsd.line.ParseStats;
import io.ferry.statsd.line.StatsdEvent;
import io.ferry.statsd.line.TagStyles;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Fuzzes {@link LineParser#parsePacket}, which reads whatever reaches the StatsD ports. The first
 * byte picks the tag styles (its low four bits), the rest is the datagram. Checks: parsing never
 * throws; the packet gives the same events as its {@code \n}-separated lines parsed one by one, and
 * counts one line per piece; every non-empty line yields events or a counted error, every sample
 * one event or an error, an empty line nothing; a line that is not UTF-8 yields nothing; events are
 * well formed (tag keys valid label names, a repeat of at least 1 and above 1 only for observers, a
 * member exactly for sets, relative only for gauges). Without {@code JAZZER_FUZZ} this replays the
 * committed inputs; {@code bench/fuzz.sh statsdline SECONDS} fuzzes it (docs/fuzzing.md).
 */
class LineParserFuzzTest {
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    @FuzzTest(maxDuration = "2m")
    void fuzz(byte[] data) {
        if (data.length == 0) {
            return;
        }
        int s = data[0];
        TagStyles styles = new TagStyles((s & 1) != 0, (s & 2) != 0, (s & 4) != 0, (s & 8) != 0);
        ParseStats packetStats = new ParseStats();
        List<StatsdEvent> fromPacket = new ArrayList<>();
        new LineParser(styles, packetStats).parsePacket(data, 1, data.length - 1, fromPacket::add);

        List<StatsdEvent> fromLines = new ArrayList<>();
        int lines = 0;
        int start = 1;
        for (int i = 1; i <= data.length; i++) {
            if (i == data.length || data[i] == '\n') {
                line(styles, data, start, i, fromLines);
                lines++;
                start = i + 1;
            }
        }
        if (!fromPacket.equals(fromLines)) {
            throw new AssertionError("the packet gave " + fromPacket + " but its lines " + fromLines + " for " + show(data));
        }
        if (packetStats.lines() != lines) {
            throw new AssertionError(packetStats.lines() + " lines counted for " + lines + " in " + show(data));
        }
        for (StatsdEvent e : fromPacket) {
            wellFormed(e, data);
        }
    }

    private static void line(TagStyles styles, byte[] data, int from, int to, List<StatsdEvent> all) {
        ParseStats stats = new ParseStats();
        List<StatsdEvent> events = new ArrayList<>();
        new LineParser(styles, stats).parseLine(data, from, to - from, events::add);
        long errors = stats.sampleErrorsTotal();
        String line = show(data, from, to);
        if (from == to && (!events.isEmpty() || errors != 0 || stats.samples() != 0)) {
            throw new AssertionError("an empty line gave " + events + " and " + errors + " errors");
        }
        if (from < to && events.isEmpty() && errors == 0) {
            throw new AssertionError("line " + line + " vanished: no event and no error counted");
        }
        if (events.size() > stats.samples() || stats.samples() > events.size() + errors) {
            throw new AssertionError("line " + line + ": " + stats.samples() + " samples, " + events.size()
                    + " events, " + errors + " errors");
        }
        if (!events.isEmpty() && !isUtf8(data, from, to)) {
            throw new AssertionError("line " + line + " is not UTF-8 but gave " + events);
        }
        all.addAll(events);
    }

    private static void wellFormed(StatsdEvent e, byte[] data) {
        boolean ok = e.kind() != null && e.name() != null && e.tags() != null && e.repeat() >= 1
                && (e.repeat() == 1 || e.kind() == MetricKind.OBSERVER)
                && (e.member() != null) == (e.kind() == MetricKind.SET)
                && (!e.relative() || e.kind() == MetricKind.GAUGE);
        for (int i = 0; ok && i < e.tags().size(); i++) {
            ok = LABEL_NAME.matcher(e.tags().name(i)).matches() && !e.tags().value(i).isEmpty();
        }
        if (!ok) {
            throw new AssertionError("malformed event " + e + " from " + show(data));
        }
    }

    private static boolean isUtf8(byte[] b, int from, int to) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b, from, to - from));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static String show(byte[] data) {
        return show(data, 0, data.length);
    }

    private static String show(byte[] b, int from, int to) {
        String hex = to - from <= 64 ? " (" + HexFormat.of().formatHex(b, from, to) + ")" : "";
        return "\"" + new String(b, from, to - from, StandardCharsets.ISO_8859_1)
                .replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r") + "\"" + hex;
    }
}
