package io.ferry.exposition;

import io.ferry.model.MetricFamily;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;

/**
 * Reads one exposition body into metric families.
 *
 * <p>Contract: a parser reads its input as a stream and enforces its {@link ParseLimits} while
 * reading; it returns the families in the order their first sample appeared, drops families that
 * have metadata but no sample, and throws nothing but {@link ExpositionException} for any input,
 * including I/O failures of the stream. Parsers are not thread-safe: use one per thread or per call.
 */
public interface ExpositionParser {

    List<MetricFamily> parse(InputStream body) throws ExpositionException;

    default List<MetricFamily> parse(byte[] body) throws ExpositionException {
        return parse(new ByteArrayInputStream(body));
    }
}
