package io.ferry.model.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ferry.model.GoMatcher;
import io.ferry.model.GoRegex;
import io.ferry.model.RegexSyntaxException;
import io.ferry.model.internal.AtomRegex;

/**
 * Fuzzes the regex engine behind selectors and relabel rules with random pattern × input pairs:
 * <ol>
 *   <li>{@link GoRegex#compile} returns or throws {@link RegexSyntaxException}, nothing else (no
 *       {@code OutOfMemoryError} from a program too large, no {@code StackOverflowError});</li>
 *   <li>a match, group positions included, takes time linear in the input: under the fuzzer
 *       ({@code bench/fuzz.sh regex}), at most {@value #NANOS_PER_STEP} ns per input character
 *       per pattern character, plus {@value #SLACK_MILLIS} ms for a pause of the JVM, far above
 *       what RE2 needs and far below what a backtracking engine takes on {@code ((a+)+)+c};
 *       replaying the committed inputs under {@code mvn test} does not time them;</li>
 *   <li>the allocation-free fast path ({@link AtomRegex}) answers as RE2/J does, match and group
 *       positions alike.</li>
 * </ol>
 * Without {@code JAZZER_FUZZ} this replays {@code GoRegexFuzzTestInputs/fuzz}; see {@code docs/fuzzing.md}.
 */
class GoRegexFuzzTest {
    static final long NANOS_PER_STEP = 20_000;
    static final long SLACK_MILLIS = 500;
    /** True under bench/fuzz.sh (the standalone driver), where a slow match is a finding. */
    private static final boolean TIMED = System.getProperty("sun.java.command", "").contains("com.code_intelligence.jazzer.Jazzer");

    @FuzzTest(maxDuration = "5m")
    void fuzz(FuzzedDataProvider data) {
        String regex = data.consumeString(64);
        String input = data.consumeRemainingAsString();
        GoRegex re;
        try {
            re = GoRegex.compile(regex);
        } catch (RegexSyntaxException e) {
            return;
        }
        long start = System.nanoTime();
        GoMatcher m = re.matcher();
        boolean matched = m.matchesWhole(input);
        for (int g = 0; matched && g <= re.groupCount(); g++) {
            m.start(g);
            m.end(g);
        }
        long nanos = System.nanoTime() - start;
        long bound = SLACK_MILLIS * 1_000_000 + NANOS_PER_STEP * (input.length() + 1) * (regex.length() + 1);
        if (TIMED && nanos > bound) {
            throw new AssertionError("matching " + regex + " on " + input.length() + " characters took "
                    + nanos / 1_000_000 + " ms, over the linear bound of " + bound / 1_000_000 + " ms");
        }
        AtomRegex fast = AtomRegex.of(regex);
        if (fast == null) {
            return;
        }
        com.google.re2j.Matcher want;
        try {
            want = com.google.re2j.Pattern.compile(regex, com.google.re2j.Pattern.DOTALL).matcher(input);
        } catch (com.google.re2j.PatternSyntaxException e) {
            return; // a repeated group name: RE2/J refuses what Go and GoRegex allow
        }
        boolean expected = want.matches();
        if (fast.matchesWhole(input) != expected) {
            throw new AssertionError("fast path on " + regex + " says " + !expected + ", RE2/J " + expected);
        }
        for (int g = 0; expected && fast.locatesGroups() && g <= re.groupCount(); g++) {
            if (fast.start(input, g) != want.start(g) || fast.end(input, g) != want.end(g)) {
                throw new AssertionError("fast path on " + regex + " puts group " + g + " at " + fast.start(input, g)
                        + ".." + fast.end(input, g) + ", RE2/J at " + want.start(g) + ".." + want.end(g));
            }
        }
    }
}
