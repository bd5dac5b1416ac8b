package io.ferry.exposition;

import io.ferry.exposition.internal.LineReader;
import io.ferry.exposition.internal.TextParser;
import io.ferry.model.MetricFamily;

import java.io.InputStream;
import java.util.List;

/**
 * Parses the Prometheus text format 0.0.4 into metric families. The rules it applies, and where it
 * differs from Prometheus and the Pushgateway, are in {@code docs/formats.md}.
 *
 * <pre>{@code
 * List<MetricFamily> families = new PrometheusTextParser(ParseLimits.DEFAULT).parse(body);
 * }</pre>
 *
 * Not thread-safe; an instance may be reused for successive bodies on one thread.
 */
public final class PrometheusTextParser implements ExpositionParser {
    private final ParseLimits limits;
    private final TextParser parser;

    public PrometheusTextParser(ParseLimits limits) {
        this(limits, false);
    }

    /**
     * @param collectAllProblems report every bad line at the end instead of stopping at the first
     */
    public PrometheusTextParser(ParseLimits limits, boolean collectAllProblems) {
        this(limits, collectAllProblems, DuplicateSeries.REFUSE);
    }

    /** @param duplicates what to do with a series the body gives again */
    public PrometheusTextParser(ParseLimits limits, boolean collectAllProblems, DuplicateSeries duplicates) {
        this.limits = limits;
        this.parser = new TextParser(false, limits, collectAllProblems, duplicates == DuplicateSeries.KEEP);
    }

    @Override
    public List<MetricFamily> parse(InputStream body) throws ExpositionException {
        return parser.parse(new LineReader(body, limits));
    }

    @Override
    public List<MetricFamily> parse(byte[] body) throws ExpositionException {
        return parser.parse(new LineReader(body, limits));
    }
}
