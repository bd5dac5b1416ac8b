package io.ferry.statsd.line;

import io.ferry.model.Labels;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One row of the parser's tables: an input (text with {@code \xHH} escapes for raw bytes), the
 * events it must give, the sample errors by reason and the tag errors it must count. Rows come
 * from statsd_exporter's own test cases, their names kept.
 */
record LineCase(String name, String in, List<StatsdEvent> out, List<SampleError> errors, long tagErrors) {
    /** The six values of statsd_exporter's extended aggregation cases. */
    static final double[] EXTENDED = {0.5, 120, 3000, 10, 20000, 0.01};

    static LineCase ok(String name, String in, StatsdEvent... out) {
        return new LineCase(name, in, List.of(out), List.of(), 0);
    }

    static LineCase refused(String name, String in, SampleError... errors) {
        return new LineCase(name, in, List.of(), List.of(errors), 0);
    }

    LineCase tagErrors(long n) {
        return new LineCase(name, in, out, errors, n);
    }

    LineCase errors(SampleError... reasons) {
        return new LineCase(name, in, out, List.of(reasons), tagErrors);
    }

    @Override
    public String toString() {
        return name;
    }

    static StatsdEvent counter(String name, double value, String... tags) {
        return new StatsdEvent(MetricKind.COUNTER, name, value, false, 1, null, Labels.of(tags));
    }

    static StatsdEvent gauge(String name, double value, boolean relative, String... tags) {
        return new StatsdEvent(MetricKind.GAUGE, name, value, relative, 1, null, Labels.of(tags));
    }

    static StatsdEvent observer(String name, double value, int repeat, String... tags) {
        return new StatsdEvent(MetricKind.OBSERVER, name, value, false, repeat, null, Labels.of(tags));
    }

    static StatsdEvent set(String name, String member, String... tags) {
        return new StatsdEvent(MetricKind.SET, name, 0, false, 1, member, Labels.of(tags));
    }

    /** The events of {@code name:0.5:120:3000:10:20000:0.01|<type>}: timers ({@code ms}) in seconds. */
    static StatsdEvent[] extended(String name, boolean timer, int repeat, String... tags) {
        return Arrays.stream(EXTENDED)
                .mapToObj(v -> observer(name, timer ? v / 1000 : v, repeat, tags))
                .toArray(StatsdEvent[]::new);
    }

    /** UTF-8 of {@code text}, where {@code \xHH} stands for one raw byte (to write invalid UTF-8). */
    static byte[] bytes(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < text.length()) {
            int esc = text.indexOf("\\x", i);
            int end = esc < 0 ? text.length() : esc;
            out.writeBytes(text.substring(i, end).getBytes(StandardCharsets.UTF_8));
            if (esc < 0) {
                break;
            }
            out.write(Integer.parseInt(text.substring(esc + 2, esc + 4), 16));
            i = esc + 4;
        }
        return out.toByteArray();
    }

    /** Parses the input as one line ({@code packet} false) or as a datagram, and checks every expectation. */
    void check(TagStyles styles, boolean packet) {
        ParseStats stats = new ParseStats();
        LineParser parser = new LineParser(styles, stats);
        List<StatsdEvent> events = new ArrayList<>();
        byte[] b = bytes(in);
        if (packet) {
            parser.parsePacket(b, 0, b.length, events::add);
        } else {
            parser.parseLine(b, 0, b.length, events::add);
        }
        assertThat(events).as("events of %s", name).containsExactlyElementsOf(out);
        Map<SampleError, Long> expected = new EnumMap<>(SampleError.class);
        Map<SampleError, Long> actual = new EnumMap<>(SampleError.class);
        for (SampleError e : errors) {
            expected.merge(e, 1L, Long::sum);
        }
        for (SampleError e : SampleError.values()) {
            if (stats.sampleErrors(e) != 0) {
                actual.put(e, stats.sampleErrors(e));
            }
        }
        assertThat(actual).as("sample errors of %s", name).isEqualTo(expected);
        assertThat(stats.tagErrors()).as("tag errors of %s", name).isEqualTo(tagErrors);
    }
}
