package io.ferry.otlp.wire;

/**
 * An OTLP request that cannot be decoded: the message names the field path (such as
 * {@code resource_metrics[0].scope_metrics[1].metrics[3].sum.data_points[0].as_double}) and the byte
 * offset of a protobuf body or the character position of a JSON one.
 */
public final class OtlpDecodeException extends Exception {
    private final String path;
    private final long position;

    public OtlpDecodeException(String path, long position, String problem) {
        super((path.isEmpty() ? "request" : path) + " at " + position + ": " + problem);
        this.path = path;
        this.position = position;
    }

    /** The field path, {@code ""} for the request itself. */
    public String path() {
        return path;
    }

    /** The byte offset (protobuf) or character position (JSON) where decoding stopped. */
    public long position() {
        return position;
    }
}
