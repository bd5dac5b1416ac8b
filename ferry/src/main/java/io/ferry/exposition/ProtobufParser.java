package io.ferry.exposition;

import com.google.protobuf.CodedInputStream;
import io.ferry.exposition.internal.ClientModelDecoder;
import io.ferry.exposition.internal.LimitedInputStream;
import io.ferry.model.MetricFamily;

import java.io.InputStream;
import java.util.List;

/**
 * Reads the client_model protobuf exposition: a body of {@code io.prometheus.client.MetricFamily}
 * messages, each prefixed by its length as an unsigned varint.
 *
 * <pre>{@code
 * ExpositionParser p = new ProtobufParser(ParseLimits.DEFAULT);
 * List<MetricFamily> families = p.parse(new GZIPInputStream(request.body()));
 * }</pre>
 *
 * <p>Decodes straight into the model (see {@code docs/formats.md}, section Protobuf, for the
 * mapping). Limits: the body is counted as it is read, so a compressed stream is bounded by its
 * decompressed size; a message's declared length is checked against
 * {@link ParseLimits#maxBodyBytes()} before any of it is read (a family is decoded as it is read,
 * never held whole, so the body's bound is the message's); each series and exemplar may have
 * at most {@link ParseLimits#maxLabelsPerSeries()} labels. Errors read
 * {@code message 3 at byte 1024: <reason>}: protobuf has no lines, so the line is 0 and the
 * message number (from 1) and its byte offset say where. Not thread-safe: it reuses buffers.
 */
public final class ProtobufParser implements ExpositionParser {
    private final ParseLimits limits;
    private final ClientModelDecoder decoder;

    public ProtobufParser(ParseLimits limits) {
        this.limits = limits;
        this.decoder = new ClientModelDecoder(limits);
    }

    @Override
    public List<MetricFamily> parse(InputStream body) throws ExpositionException {
        return decoder.decode(CodedInputStream.newInstance(new LimitedInputStream(body, limits.maxBodyBytes()),
                8192), -1);
    }

    /** Parses a body already in memory, without copying it. */
    @Override
    public List<MetricFamily> parse(byte[] body) throws ExpositionException {
        if (body.length > limits.maxBodyBytes()) {
            throw ExpositionException.bodyTooLarge(limits.maxBodyBytes());
        }
        return decoder.decode(CodedInputStream.newInstance(body), body.length);
    }
}
