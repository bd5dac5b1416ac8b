package io.ferry.remotewrite.internal;

import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * snappy-java (JNI into Google's C++ snappy). Its native library is loaded on first use; on JDK 22
 * and newer that is a restricted call, allowed by {@code Enable-Native-Access: ALL-UNNAMED} in
 * Ferry's jar manifest (elsewhere, e.g. in tests, the JDK prints a warning and proceeds).
 */
final class XerialSnappyCompressor implements SnappyCompressor {
    static final XerialSnappyCompressor INSTANCE = new XerialSnappyCompressor();

    private XerialSnappyCompressor() {
    }

    @Override
    public int maxCompressedLength(int length) {
        return Snappy.maxCompressedLength(length);
    }

    @Override
    public int compress(byte[] in, int length, byte[] out) {
        try {
            return Snappy.compress(in, 0, length, out, 0);
        } catch (IOException e) {
            // snappy-java reports only native failures this way: not a condition the caller can handle.
            throw new UncheckedIOException("snappy compression failed", e);
        }
    }
}
