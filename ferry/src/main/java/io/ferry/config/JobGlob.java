package io.ferry.config;

import io.ferry.model.Glob;

/**
 * A job name pattern of an {@code auth.tokens} entry: {@code *} stands for any run of characters
 * (none included), every other character for itself. {@code backup-*} matches {@code backup-} and
 * {@code backup-db}, not {@code backup}; {@code *} matches every job.
 *
 * <pre>{@code
 * JobGlob.parse("backup-*").matches("backup-db")   // true
 * }</pre>
 *
 * <p>Matching is {@link Glob}'s: never slower than the pattern's length times the job's. Immutable.
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

    /** Whether {@code job} matches the whole pattern ({@link Glob}). */
    public boolean matches(String job) {
        return Glob.matches(pattern, job);
    }

    @Override
    public String toString() {
        return pattern;
    }
}
