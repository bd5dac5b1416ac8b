package io.ferry.remotewrite.internal;

/**
 * Snappy block compression (the raw format, not the framed one, which remote write forbids),
 * behind the smallest interface that lets one library be swapped for another: snappy-java today,
 * aircompressor or a hand-written block encoder if a benchmark ever argues for it.
 *
 * <p>Implementations are thread-safe and keep no state between calls.
 */
public interface SnappyCompressor {
    /** The most bytes {@link #compress} can write for {@code length} input bytes. */
    int maxCompressedLength(int length);

    /**
     * Compresses {@code in[0 .. length)} into {@code out} from index 0 and returns the compressed
     * length; {@code out} must hold at least {@link #maxCompressedLength(int)} bytes.
     */
    int compress(byte[] in, int length, byte[] out);

    /** The library Ferry ships with. */
    static SnappyCompressor standard() {
        return XerialSnappyCompressor.INSTANCE;
    }
}
