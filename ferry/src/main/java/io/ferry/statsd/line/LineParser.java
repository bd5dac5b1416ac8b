package io.ferry.statsd.line;

import java.util.function.Consumer;

/** Placeholder with the contract's shape until statsd-line lands. */
public final class LineParser {
    public LineParser(TagStyles styles, ParseStats stats) {
    }

    public void parsePacket(byte[] buf, int off, int len, Consumer<StatsdEvent> out) {
        throw new UnsupportedOperationException("statsd-line has not landed");
    }

    public void parseLine(byte[] buf, int off, int len, Consumer<StatsdEvent> out) {
        throw new UnsupportedOperationException("statsd-line has not landed");
    }
}
