package io.ferry.config;

/**
 * A job name pattern of an {@code auth.tokens} entry: {@code *} stands for any run of characters
 * (none included), every other character for itself. {@code backup-*} matches {@code backup-} and
 * {@code backup-db}, not {@code backup}; {@code *} matches every job.
 *
 * <pre>{@code
 * JobGlob.parse("backup-*").matches("backup-db")   // true
 * }</pre>
 *
 * <p>Matching takes time in proportion to the pattern's length times the job's, never more
 * (no backtracking), so a pattern from the config cannot make a request slow. Immutable.
 */
public record JobGlob(String pattern) {

    public JobGlob {
        if (pattern == null || pattern.isEmpty()) {
            throw new IllegalArgumentException("a job pattern must not be empty");
        }
    }

    /** The pattern {@code s}; an empty one is refused ({@link IllegalArgumentException}). */
    public static JobGlob parse(String s) {
        return new JobGlob(s);
    }

    /** Whether {@code job} matches the whole pattern. */
    public boolean matches(String job) {
        // The usual greedy matcher with one resume point: on a mismatch after a star, the star takes
        // one more character and matching resumes after it. Linear in each star's span.
        int p = 0;
        int j = 0;
        int star = -1;
        int resume = 0;
        while (j < job.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = j;
            } else if (p < pattern.length() && pattern.charAt(p) == job.charAt(j)) {
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

    @Override
    public String toString() {
        return pattern;
    }
}
