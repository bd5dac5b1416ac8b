package io.ferry.model;

/**
 * Name patterns where {@code *} stands for any run of characters (none included) and every other
 * character for itself, as {@code auth.tokens}' {@code jobs:} and {@code tunnel_sd_configs}'
 * {@code fqdns:} take them. {@code backup-*} matches {@code backup-} and {@code backup-db}, not
 * {@code backup}; {@code *} matches everything.
 *
 * <pre>{@code
 * Glob.matches("*.site-a", "gw.site-a")   // true
 * }</pre>
 *
 * <p>Matching takes time in proportion to the pattern's length times the name's, never more
 * (no backtracking), so a pattern from the config cannot make a request slow. Stateless.
 */
public final class Glob {
    private Glob() {
    }

    /** Whether {@code name} matches the whole of {@code pattern}. */
    public static boolean matches(String pattern, String name) {
        // The usual greedy matcher with one resume point: on a mismatch after a star, the star takes
        // one more character and matching resumes after it. Linear in each star's span.
        int p = 0;
        int j = 0;
        int star = -1;
        int resume = 0;
        while (j < name.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = j;
            } else if (p < pattern.length() && pattern.charAt(p) == name.charAt(j)) {
                p++;
                j++;
            } else if (star >= 0) {
                p = star + 1;
                j = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
