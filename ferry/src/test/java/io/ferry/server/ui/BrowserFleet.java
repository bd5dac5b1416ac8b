package io.ferry.server.ui;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A browser test class's setup: one {@link Chromium} and one {@link Fleet} (in a directory of its
 * own) for the whole class, both stopped after it, the directory removed.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final BrowserFleet UI = new BrowserFleet();
 *
 * try (WatchedPage page = UI.open(Fleet.VIEWER)) {
 *     page.visit(UI.fleet().url("/"));
 * }
 * }</pre>
 *
 * <p>Not thread-safe: the class's tests run one after the other.
 */
final class BrowserFleet implements BeforeAllCallback, AfterAllCallback {
    private Path dir;
    private Chromium chromium;
    private Fleet fleet;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        chromium = Chromium.launch();
        dir = Files.createTempDirectory("ferry-browser-");
        fleet = Fleet.start(dir);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (fleet != null) {
                fleet.close();
            }
        } finally {
            if (chromium != null) {
                chromium.close();
            }
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    Fleet fleet() {
        return fleet;
    }

    /** A fresh page whose requests carry {@code token} as a bearer token. */
    WatchedPage open(String token) {
        return chromium.open(Map.of("Authorization", "Bearer " + token));
    }
}
