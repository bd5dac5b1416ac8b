package io.ferry.server.ui;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.ferry.testing.ExternalTool;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium ({@code /usr/bin/chromium}) driven by Playwright, headless, one per test class:
 * Playwright never downloads a browser of its own. Each {@link #open} is a fresh browser context
 * (no cookies or cache shared) whose page is {@linkplain WatchedPage watched} for problems.
 *
 * <pre>{@code
 * try (Chromium chromium = Chromium.launch();
 *      WatchedPage page = chromium.open(Map.of("Authorization", "Bearer " + token))) {
 *     page.visit(ferry.url("/"));
 *     page.assertNoProblems();
 * }
 * }</pre>
 *
 * <p>Not thread-safe: Playwright's objects belong to the thread that made them.
 */
final class Chromium implements AutoCloseable {
    static final Path EXECUTABLE = Path.of("/usr/bin/chromium");
    /** The contract's flags: no sandbox (CI runs as root), and nothing the browser would fetch on its own. */
    static final List<String> ARGS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync");

    /** How long a Playwright assertion waits for the page to come round (it polls). */
    static final Duration ASSERTION_TIMEOUT = Duration.ofSeconds(15);

    private final Playwright playwright;
    private final Browser browser;

    private Chromium(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    /** Starts the browser; skips the calling test where Chromium is missing (fails it in CI, see ExternalTool). */
    static Chromium launch() {
        ExternalTool.require(EXECUTABLE.toString(), "chromium");
        // Generous on a loaded machine: an assertion returns as soon as it holds.
        PlaywrightAssertions.setDefaultAssertionTimeout(ASSERTION_TIMEOUT.toMillis());
        // Also set here, not only by Maven: a run from an IDE must not download browsers either.
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            return new Chromium(playwright, playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(EXECUTABLE).setArgs(ARGS).setHeadless(true)));
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    /** A new context whose every request (page loads, assets, the live refresh's fetches) carries {@code headers}. */
    WatchedPage open(Map<String, String> headers) {
        return WatchedPage.open(browser.newContext(new Browser.NewContextOptions()
                .setExtraHTTPHeaders(headers).setViewportSize(1280, 900)));
    }

    @Override
    public void close() {
        try {
            browser.close();
        } finally {
            playwright.close();
        }
    }
}
