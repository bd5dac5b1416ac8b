package io.ferry.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A bearer token's value. It never shows: {@link #toString()} is {@code <secret>}, so a config record
 * that holds it can be logged or put in an error message. Only its SHA-256 digest is kept, and
 * {@link #matches} compares digests in constant time, so neither the value nor how much of it a guess
 * got right leaks. Immutable.
 */
public final class Secret {
    private final byte[] digest;

    private Secret(byte[] digest) {
        this.digest = digest;
    }

    /** The secret {@code value}, which must not be empty. */
    public static Secret of(String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("a secret must not be empty");
        }
        return new Secret(sha256(value));
    }

    /**
     * Whether {@code presented} is this secret. Constant time in the secret: the digests of both are
     * compared with {@link MessageDigest#isEqual}, which does not stop at the first difference.
     */
    public boolean matches(String presented) {
        return MessageDigest.isEqual(digest, sha256(presented));
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && MessageDigest.isEqual(digest, s.digest);
    }

    @Override
    public int hashCode() {
        return digest[0] << 24 | (digest[1] & 0xff) << 16 | (digest[2] & 0xff) << 8 | digest[3] & 0xff;
    }

    @Override
    public String toString() {
        return "<secret>";
    }
}
