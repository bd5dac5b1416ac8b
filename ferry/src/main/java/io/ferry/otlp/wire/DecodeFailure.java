package io.ferry.otlp.wire;

/**
 * A decoding problem at a position, unwound to the decoder's entry point, which turns it into an
 * {@link OtlpDecodeException} with the path of {@link FieldPath}. Unchecked and without a stack
 * trace, so the hot path declares nothing and a failure costs little.
 */
final class DecodeFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final long position;

    DecodeFailure(String reason, long position) {
        super(reason, null, false, false);
        this.position = position;
    }
}
