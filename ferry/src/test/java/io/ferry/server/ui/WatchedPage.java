package io.ferry.server.ui;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.Response;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One page in its own browser context, with everything that went wrong on it noted: console errors,
 * uncaught script errors, requests that failed or were answered 4xx/5xx, and Content-Security-Policy
 * violations (reported by the page's {@code securitypolicyviolation} event, so a blocked inline
 * script or style is caught even where Chromium would log nothing). Screenshots go to
 * {@code target/screenshots/<name>.png}, kept by CI.
 *
 * <pre>{@code
 * page.visit(url);
 * page.screenshot("overview");
 * page.assertNoProblems();
 * }</pre>
 *
 * <p>Not thread-safe (Playwright's thread); the problem list is filled by Playwright's callbacks,
 * which run on that thread while it waits.
 */
final class WatchedPage implements AutoCloseable {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** Called by the init script below; a binding survives navigations, as the script does. */
    private static final String CSP_BINDING = "ferryCspViolation";
    private static final String CSP_LISTENER = """
            document.addEventListener('securitypolicyviolation', e => window.%s(
                e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' in ' + e.sourceFile + ':' + e.lineNumber));
            """.formatted(CSP_BINDING);

    private final BrowserContext context;
    private final Page page;
    private final List<String> problems = new ArrayList<>();
    /** Requests whose answer arrived (Playwright keeps one object per request). */
    private final Set<Request> answered = Collections.newSetFromMap(new IdentityHashMap<>());

    private WatchedPage(BrowserContext context) {
        this.context = context;
        context.exposeBinding(CSP_BINDING, (source, args) -> {
            note("CSP violation: " + args[0]);
            return null;
        });
        context.addInitScript(CSP_LISTENER);
        this.page = context.newPage();
        page.onConsoleMessage(m -> {
            if (m.type().equals("error")) {
                note("console error: " + m.text() + " at " + m.location());
            }
        });
        page.onPageError(e -> note("page error: " + e));
        page.onRequestFailed(r -> {
            // A request whose answer came, aborted when the page went away before its body was
            // read (a fetch that only looks at the status, then a navigation), did not fail.
            if (!(answered.contains(r) && String.valueOf(r.failure()).contains("ERR_ABORTED"))) {
                note("request failed: " + r.method() + " " + r.url() + ": " + r.failure());
            }
        });
        page.onResponse(r -> {
            answered.add(r.request());
            if (r.status() >= 400) {
                note("answered " + r.status() + ": " + r.request().method() + " " + r.url());
            }
        });
    }

    static WatchedPage open(BrowserContext context) {
        try {
            return new WatchedPage(context);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    private synchronized void note(String problem) {
        problems.add(problem);
    }

    Page page() {
        return page;
    }

    BrowserContext context() {
        return context;
    }

    /** Loads {@code url} until its load event, failing on anything but 200. */
    void visit(String url) {
        Response r = page.navigate(url);
        assertThat(r).as("an answer to %s", url).isNotNull();
        assertThat(r.status()).as("GET %s", url).isEqualTo(200);
    }

    /** The whole page, saved as {@code target/screenshots/<name>.png}. */
    Path screenshot(String name) {
        Path file = SCREENSHOTS.resolve(name + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        return file;
    }

    /** Keeps the elements of a locator that contain {@code text}: {@code rows.filter(hasText("nas-01"))}. */
    static Locator.FilterOptions hasText(String text) {
        return new Locator.FilterOptions().setHasText(text);
    }

    synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    /** Fails listing every problem seen since the page opened. */
    void assertNoProblems() {
        assertThat(problems()).as("console errors, page errors, failed requests and CSP violations on %s",
                page.url()).isEmpty();
    }

    @Override
    public void close() {
        context.close();
    }
}
