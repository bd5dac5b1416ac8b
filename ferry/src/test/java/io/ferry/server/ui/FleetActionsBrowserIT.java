package io.ferry.server.ui;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.RequestOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.atomic.AtomicReference;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.ferry.server.ui.WatchedPage.hasText;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What people do on the pages, in a real Chromium against a {@link Fleet}: delete a push group
 * with the delete scope (after confirming), see no Delete button without it (and a forged DELETE
 * refused), and watch a producer that stops turn red with no reload.
 */
@Timeout(60)
class FleetActionsBrowserIT {
    @RegisterExtension
    static final BrowserFleet UI = new BrowserFleet();

    private static Locator group(Page page, String job) {
        return page.locator("details.group").filter(hasText("job=\"" + job + "\""));
    }

    @Test
    void anOperatorDeletesAGroupOnlyAfterConfirming() throws Exception {
        try (WatchedPage page = UI.open(Fleet.OPERATOR)) {
            Page p = page.page();
            page.visit(UI.fleet().url("/groups"));
            Locator group = group(p, "etl-20261203");
            group.locator("summary").click();
            Locator delete = group.locator("button.delete");

            // Dismissed: nothing is sent, the group stays.
            AtomicReference<String> asked = new AtomicReference<>();
            p.onceDialog(d -> {
                asked.set(d.type() + ": " + d.message());
                d.dismiss();
            });
            delete.click();
            assertThat(asked.get()).startsWith("confirm: ").contains("etl-20261203");
            assertThat(delete).isEnabled();
            assertThat(group).hasCount(1);

            // Accepted: the group goes from the page without a reload, and for good.
            p.onceDialog(d -> d.accept());
            Response deleted = p.waitForResponse(r -> r.request().method().equals("DELETE"), delete::click);
            assertThat(deleted.status()).as("DELETE %s", deleted.url()).isBetween(200, 299);
            assertThat(group).hasCount(0);
            page.visit(UI.fleet().url("/groups"));
            assertThat(group(p, "etl-20261204")).hasCount(1);
            assertThat(group).hasCount(0);
            assertThat(UI.fleet().http().get("/api/v1/metrics", "Authorization", "Bearer " + Fleet.OPERATOR).body())
                    .doesNotContain("etl-20261203").contains("etl-20261204");
            page.assertNoProblems();
        }
    }

    @Test
    void withoutTheDeleteScopeThereIsNoDeleteButtonAndAForgedDeleteIsRefused() {
        try (WatchedPage page = UI.open(Fleet.VIEWER)) {
            Page p = page.page();
            page.visit(UI.fleet().url("/groups"));
            Locator group = group(p, "etl-20261205");
            group.locator("summary").click();
            assertThat(group.locator(".family")).hasCount(1);
            assertThat(p.locator("button.delete")).hasCount(0);
            page.screenshot("groups-read-only");

            // The DELETE the button would send, sent anyway with the viewer's credentials.
            APIResponse forged = p.request().delete(UI.fleet().url("/metrics/job/etl-20261205"),
                    RequestOptions.create().setHeader("Authorization", "Bearer " + Fleet.VIEWER));
            assertThat(forged.status()).isEqualTo(403);
            page.visit(UI.fleet().url("/groups"));
            assertThat(group).hasCount(1);
            page.assertNoProblems();
        }
    }

    @Test
    void aProducerThatStopsTurnsRedWithoutAReload() {
        try (WatchedPage page = UI.open(Fleet.VIEWER)) {
            Page p = page.page();
            page.visit(UI.fleet().url("/"));
            Locator row = p.locator("tr.producer[data-route=scrape]").filter(hasText(UI.fleet().liveTarget()));
            assertThat(row.locator(".badge.health-up")).hasCount(1);
            p.evaluate("window.ferryNotReloaded = true");

            UI.fleet().stopLiveTarget();
            // The next scrape fails; the page's next refresh (every 5 s) shows it.
            assertThat(row.locator(".badge.health-down")).hasCount(1, new LocatorAssertions.HasCountOptions().setTimeout(30_000));
            assertThat(row).hasAttribute("data-health", "down");
            assertThat(p.evaluate("window.ferryNotReloaded === true")).isEqualTo(true);
            page.screenshot("fleet-overview-down");
            page.assertNoProblems();
        }
    }
}
