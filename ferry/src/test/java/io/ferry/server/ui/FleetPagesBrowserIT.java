package io.ferry.server.ui;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every page of the web UI in a real Chromium against a {@link Fleet}: loaded with no console
 * error, failed request or CSP violation, and a screenshot of each kept in {@code target/screenshots}.
 */
@Timeout(60)
class FleetPagesBrowserIT {
    /** Each page and its screenshot's name. */
    private static final Map<String, String> PAGES = new LinkedHashMap<>();

    static {
        PAGES.put("/", "overview");
        PAGES.put("/targets", "targets");
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

    @Test
    void everyPageLoadsWithoutAProblem() {
        try (WatchedPage page = chromium.open(Map.of("Authorization", "Bearer " + Fleet.VIEWER))) {
            PAGES.forEach((path, name) -> {
                page.visit(fleet.url(path));
                page.screenshot(name);
            });
            page.assertNoProblems();
        }
    }
}
