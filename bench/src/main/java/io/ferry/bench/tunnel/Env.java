package io.ferry.bench.tunnel;

/**
 * The environment variables the tunnel benchmark's processes are configured by.
 *
 * <pre>{@code
 * int clients = Integer.parseInt(Env.get("CLIENTS", "10000"));
 * String proxy = Env.get("PROXY", null);   // required
 * }</pre>
 */
final class Env {
    private Env() {
    }

    /**
     * The variable's value, or {@code fallback} when it is unset or empty.
     *
     * @throws IllegalArgumentException when it is unset or empty and there is no fallback
     */
    static String get(String name, String fallback) {
        String v = System.getenv(name);
        if (v == null || v.isEmpty()) {
            if (fallback == null) {
                throw new IllegalArgumentException("set " + name);
            }
            return fallback;
        }
        return v;
    }
}
