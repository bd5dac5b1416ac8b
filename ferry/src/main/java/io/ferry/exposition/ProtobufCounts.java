package io.ferry.exposition;

import io.ferry.exposition.internal.ProtoValues;

/**
 * How the client_model protobuf format carries a count, as Ferry's protobuf writer puts it: in the
 * integer (uint64) field when the count is a whole number below 2^63, else in the float field where
 * there is one; a summary's count, which has no float field, as the nearest uint64. For what must
 * show a count as a protobuf reader sees it, such as the Pushgateway's JSON API.
 *
 * <pre>{@code
 * ProtobufCounts.isInteger(42.0);                           // true: sent as the integer 42
 * Long.toUnsignedString(ProtobufCounts.toUInt64(2.5));     // "3"
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class ProtobufCounts {
    private ProtobufCounts() {
    }

    /** Whether {@code count} goes in an integer field exactly: integral, at least 0 and below 2^63. */
    public static boolean isInteger(double count) {
        return ProtoValues.fitsUInt64(count);
    }

    /**
     * The uint64 (read it unsigned) nearest to {@code count}: negative values and NaN give 0, values
     * past 2^64 - 1 give 2^64 - 1.
     */
    public static long toUInt64(double count) {
        return ProtoValues.toUInt64Saturated(count);
    }
}
