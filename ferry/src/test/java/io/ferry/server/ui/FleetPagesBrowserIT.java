package io.ferry.server.ui;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.ferry.server.ui.WatchedPage.hasText;

/**
 * Every page of the web UI in a real Chromium against a {@link Fleet}: loaded with no console
 * error, failed request or CSP violation, and a screenshot of each kept in {@code target/screenshots};
 * the overview's filters and the targets page's unhealthy-only filter, applied live by the page's
 * script; a push group opened to its families.
 */
@Timeout(60)
class FleetPagesBrowserIT {
    @RegisterExtension
    static final BrowserFleet UI = new BrowserFleet();

    private static WatchedPage viewer() {
        return UI.open(Fleet.VIEWER);
    }

    @Test
    void everyPageLoadsWithoutAProblem() {
        // Each page, in the navigation bar's order, with a producer or queue it must show.
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("/", "nas-02");
        pages.put("/groups", "nas-01");
        pages.put("/targets", UI.fleet().deadTarget());
        pages.put("/tunnel", Fleet.TUNNEL_FQDN);
        pages.put("/statsd", "web-3");
        pages.put("/otlp", "checkout-1");
        pages.put("/remote-write", UI.fleet().refusingReceiver());
        pages.put("/cluster", "This Ferry runs alone");
        pages.put("/status", "--web.listen-address");
        try (WatchedPage page = viewer()) {
            // Once the overview shows a producer of every route up (its live refresh brings them),
            // so the screenshots show the fleet as it runs.
            page.visit(UI.fleet().url("/"));
            for (String route : List.of("scrape", "push", "tunnel", "statsd", "otlp")) {
                assertThat(page.page().locator("tr.producer[data-route=" + route + "][data-health=up]").first())
                        .isVisible();
            }
            pages.forEach((path, shown) -> {
                page.visit(UI.fleet().url(path));
                assertThat(page.page().locator("nav a[aria-current=page]")).hasAttribute("href", path);
                assertThat(page.page().locator("main#live")).containsText(shown);
                page.screenshot(path.equals("/") ? "fleet-overview" : path.substring(1));
            });
            page.assertNoProblems();
        }
    }

    @Test
    void theTargetsPageKeepsOnlyUnhealthyTargetsWhenAsked() {
        try (WatchedPage page = viewer()) {
            page.visit(UI.fleet().url("/targets"));
            Locator live = targetRow(page.page(), UI.fleet().liveTarget());
            Locator dead = targetRow(page.page(), UI.fleet().deadTarget());
            assertThat(live.locator(".health-up")).hasCount(1);
            assertThat(dead.locator(".health-down")).hasCount(1);

            page.page().getByLabel("unhealthy only").check();
            assertThat(live).hasCount(0);
            assertThat(dead).hasCount(1);
            assertThat(page.page()).hasURL(Pattern.compile("[?&]unhealthy=1"));
            page.screenshot("targets-unhealthy");
            page.assertNoProblems();
        }
    }

    @Test
    void theOverviewFiltersByRouteHealthAndSearchLive() {
        try (WatchedPage page = viewer()) {
            page.visit(UI.fleet().url("/"));
            Page p = page.page();
            Locator rows = p.locator("tr.producer");
            assertThat(p.locator("tr.producer[data-route=push]").first()).isVisible();
            assertThat(p.locator("tr.producer[data-route=scrape]").first()).isVisible();

            p.locator("input[name=route][value=push]").check();
            assertThat(p.locator("tr.producer:not([data-route=push])")).hasCount(0);
            assertThat(rows.first()).isVisible();
            assertThat(p).hasURL(Pattern.compile("[?&]route=push"));
            p.locator("input[name=route][value=push]").uncheck();

            p.locator("input[name=health][value=down]").check();
            assertThat(p.locator("tr.producer:not([data-health=down])")).hasCount(0);
            assertThat(rows.filter(hasText("nas-02"))).hasCount(1); // expected, never pushed
            assertThat(rows.filter(hasText(UI.fleet().deadTarget()))).hasCount(1);
            p.locator("input[name=health][value=down]").uncheck();

            p.locator("input[name=q]").fill("nas-0");
            assertThat(rows).hasCount(2);
            assertThat(rows.filter(hasText("nas-01"))).hasCount(1);
            assertThat(rows.filter(hasText("nas-02"))).hasCount(1);
            page.screenshot("fleet-overview-search");
            page.assertNoProblems();

            // Without script, as a bookmark: the server applies the same filters.
            page.visit(UI.fleet().url("/?route=scrape&health=down&refresh=0"));
            assertThat(rows).hasCount(1);
            assertThat(rows.filter(hasText(UI.fleet().deadTarget()))).hasCount(1);
            page.assertNoProblems();
        }
    }

    @Test
    void aPushGroupOpensToItsFamiliesWithHelpTypeAndValues() {
        try (WatchedPage page = viewer()) {
            page.visit(UI.fleet().url("/groups"));
            Locator group = page.page().locator("details.group").filter(hasText("instance=\"nas-01\""));
            assertThat(group).hasCount(1);
            Locator bytes = group.locator(".family[data-family=backup_bytes]");
            assertThat(bytes).not().isVisible();

            group.locator("summary").click();
            assertThat(bytes).isVisible();
            assertThat(bytes).containsText("Bytes the last backup wrote.");
            assertThat(bytes.locator(".type")).hasText("gauge");
            assertThat(bytes.locator("tr").filter(hasText("volume=\"media\""))).containsText("3.4e+10");
            Locator files = group.locator(".family[data-family=backup_files_total]");
            assertThat(files.locator(".type")).hasText("counter");
            assertThat(files).containsText("Files the backups copied.");
            assertThat(files).containsText("81234");
            page.screenshot("groups-expanded");
            page.assertNoProblems();
        }
    }

    /** The row of the scrape target at {@code address} on the targets page. */
    static Locator targetRow(Page page, String address) {
        return page.locator("tr.target").filter(hasText("http://" + address + "/metrics"));
    }
}
