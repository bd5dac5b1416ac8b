package io.ferry.server.ui;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * Every page of the web UI in a real Chromium against a {@link Fleet}: loaded with no console
 * error, failed request or CSP violation, and a screenshot of each kept in {@code target/screenshots};
 * the targets page's unhealthy-only filter, applied live by the page's script.
 */
@Timeout(60)
class FleetPagesBrowserIT {
    /** Each page, in the navigation bar's order, and its screenshot's name. */
    private static final Map<String, String> PAGES = new LinkedHashMap<>();

    static {
        PAGES.put("/", "fleet-overview");
        PAGES.put("/groups", "groups");
        PAGES.put("/targets", "targets");
        PAGES.put("/tunnel", "tunnel");
        PAGES.put("/statsd", "statsd");
        PAGES.put("/otlp", "otlp");
        PAGES.put("/remote-write", "remote-write");
        PAGES.put("/status", "status");
    }

    @TempDir
    static Path dir;
    private static Fleet fleet;
    private static Chromium chromium;

    @BeforeAll
    static void start() throws Exception {
        chromium = Chromium.launch();
        fleet = Fleet.start(dir);
    }

    @AfterAll
    static void stop() {
        if (fleet != null) {
            fleet.close();
        }
        if (chromium != null) {
            chromium.close();
        }
    }

    private static WatchedPage viewer() {
        return chromium.open(Map.of("Authorization", "Bearer " + Fleet.VIEWER));
    }

    @Test
    void everyPageLoadsWithoutAProblem() {
        try (WatchedPage page = viewer()) {
            // Once every producer has been seen, so the screenshots show the fleet as it runs.
            page.visit(fleet.url("/targets"));
            assertThat(targetRow(page.page(), fleet.liveTarget()).locator(".health-up")).hasCount(1);
            PAGES.forEach((path, name) -> {
                page.visit(fleet.url(path));
                assertThat(page.page().locator("nav a[aria-current=page]")).hasCount(1);
                page.screenshot(name);
            });
            page.assertNoProblems();
        }
    }

    @Test
    void theTargetsPageKeepsOnlyUnhealthyTargetsWhenAsked() {
        try (WatchedPage page = viewer()) {
            page.visit(fleet.url("/targets"));
            Locator live = targetRow(page.page(), fleet.liveTarget());
            Locator dead = targetRow(page.page(), fleet.deadTarget());
            assertThat(live.locator(".health-up")).hasCount(1);
            assertThat(dead.locator(".health-down")).hasCount(1);

            page.page().getByLabel("unhealthy only").check();
            assertThat(live).hasCount(0);
            assertThat(dead).hasCount(1);
            assertThat(page.page()).hasURL(java.util.regex.Pattern.compile("[?&]unhealthy=1"));
            page.screenshot("targets-unhealthy");
            page.assertNoProblems();
        }
    }

    /** The row of the scrape target at {@code address} on the targets page. */
    static Locator targetRow(Page page, String address) {
        return page.locator("tr.target").filter(new Locator.FilterOptions().setHasText("http://" + address + "/metrics"));
    }
}
