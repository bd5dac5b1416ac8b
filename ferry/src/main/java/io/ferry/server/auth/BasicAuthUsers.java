package io.ferry.server.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The web config file's {@code basic_auth_users}: user names and bcrypt hashes ({@code $2a$},
 * {@code $2b$}, {@code $2y$}).
 *
 * <p>A bcrypt check takes tens to hundreds of milliseconds by design, so {@link #verify} blocks and
 * must run off the event loop; answers are cached, as exporter-toolkit caches them, under a salted
 * SHA-256 of the user and password (never the password itself), at most {@value #CACHE_SIZE} of
 * them. An unknown user is checked against a fixed hash too, so the time taken does not tell which
 * users exist. Thread-safe.
 */
final class BasicAuthUsers {
    static final int CACHE_SIZE = 1024;

    private final Map<String, byte[]> hashes;
    private final byte[] cacheSalt = new SecureRandom().generateSeed(16);
    private final Map<String, Boolean> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    BasicAuthUsers(Map<String, String> users) {
        Map<String, byte[]> h = new java.util.HashMap<>();
        users.forEach((user, hash) -> h.put(user, hash.getBytes(StandardCharsets.US_ASCII)));
        hashes = Map.copyOf(h);
        if (!hashes.isEmpty()) {
            UnknownUser.touch(); // made now, so that the first unknown user takes no longer than the next
        }
    }

    /**
     * bcrypt of a random string, checked for unknown users: the same work as a known one. Made on first
     * use (about 0.1 s of CPU), so that a server without users does not pay for it at each start.
     */
    private static final class UnknownUser {
        static final byte[] HASH = BCrypt.withDefaults().hash(10,
                new SecureRandom().generateSeed(16), "not a password".getBytes(StandardCharsets.UTF_8));

        static void touch() {
        }
    }

    boolean isEmpty() {
        return hashes.isEmpty();
    }

    /** A cached answer for this user and password, or null when {@link #verify} must compute it. */
    Boolean cached(String user, String password) {
        synchronized (cache) {
            return cache.get(cacheKey(user, password));
        }
    }

    /** Whether {@code password} is {@code user}'s. Blocks for the bcrypt check unless cached. */
    boolean verify(String user, String password) {
        String key = cacheKey(user, password);
        synchronized (cache) {
            Boolean known = cache.get(key);
            if (known != null) {
                return known;
            }
        }
        byte[] hash = hashes.get(user);
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        boolean ok;
        if (hash == null) {
            BCrypt.verifyer().verify(secret, UnknownUser.HASH);
            ok = false;
        } else {
            ok = verifyHash(secret, hash);
        }
        synchronized (cache) {
            cache.put(key, ok);
        }
        return ok;
    }

    /** bcrypt's check of {@code password} against {@code hash}, for every revision the config allows. */
    static boolean verifyHash(byte[] password, byte[] hash) {
        // $2y$ is PHP's name for the fixed algorithm that $2b$ also names; the library checks each
        // revision by its own rules, and all three agree for passwords shorter than 72 bytes.
        if (password.length > 72) {
            return false; // bcrypt reads 72 bytes at most; Go's bcrypt refuses longer ones too
        }
        try {
            return BCrypt.verifyer().verify(password, hash).verified;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private String cacheKey(String user, String password) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(cacheSalt);
            d.update(user.getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0);
            d.update(password.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
