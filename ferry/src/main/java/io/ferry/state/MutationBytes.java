package io.ferry.state;

import io.ferry.state.internal.MutationCodec;
import io.ferry.wire.ByteSink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A {@link Mutation} as the bytes of one record, the encoding of the push log and its snapshots, for
 * a log kept elsewhere (a Kafka topic).
 *
 * <pre>{@code
 * byte[] value = MutationBytes.encode(new Mutation.Delete(key));
 * Mutation m = MutationBytes.decode(value);
 * }</pre>
 *
 * <p>Stateless and thread-safe. The encoding is stable: records written by one version are read by
 * the next.
 */
public final class MutationBytes {
    private MutationBytes() {
    }

    public static byte[] encode(Mutation m) {
        ByteSink out = new ByteSink(256);
        MutationCodec.encode(m, out);
        return Arrays.copyOf(out.array(), out.size());
    }

    /** Throws {@link IOException} when {@code bytes} are not one record. */
    public static Mutation decode(byte[] bytes) throws IOException {
        return MutationCodec.decode(ByteBuffer.wrap(bytes));
    }
}
