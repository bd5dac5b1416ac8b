package io.ferry.scrape.discovery;

import io.ferry.model.Labels;
import io.ferry.telemetry.Counter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

class FileDiscovererTest {
    // Long enough that only file events can explain a re-read within a test.
    private static final Duration NO_REFRESH = Duration.ofHours(1);

    @TempDir
    Path dir;

    private final ScheduledExecutorService executor = Discoverers.newExecutor();
    private final Counter.Child errors = new Counter.Child();
    private final Updates.CapturedLog log = new Updates.CapturedLog();
    private final Updates updates = new Updates();
    private FileDiscoverer discoverer;

    @AfterEach
    void stop() {
        if (discoverer != null) {
            discoverer.close();
        }
        executor.shutdownNow();
    }

    private void start(Duration refresh, String... patterns) {
        discoverer = new FileDiscoverer(new FileSd(List.of(patterns), refresh), dir, executor, errors, log.logger());
        discoverer.start(updates);
    }

    private static List<String> addresses(TargetGroup g) {
        return g.targets().stream().map(t -> t.get("__address__")).toList();
    }

    @Test
    void readsJsonAndYamlWithSourcesAndFilepathLabel() throws Exception {
        Files.writeString(dir.resolve("a.json"), """
                [{"targets": ["h1:9100", "h2:9100"], "labels": {"env": "prod"}},
                 {"targets": ["h3:9100"]}]""");
        Files.writeString(dir.resolve("b.yml"), """
                - targets: [h4:80]
                  labels:
                    team: db
                """);
        start(NO_REFRESH, "*.json", "b.yml");
        var state = updates.await("three groups", s -> s.size() == 3);
        String a = dir.resolve("a.json").toString();
        String b = dir.resolve("b.yml").toString();
        assertThat(state).containsOnlyKeys(a + ":0", a + ":1", b + ":0");
        assertThat(addresses(state.get(a + ":0"))).containsExactly("h1:9100", "h2:9100");
        assertThat(state.get(a + ":0").labels()).isEqualTo(Labels.of("env", "prod", "__meta_filepath", a));
        assertThat(state.get(a + ":1").labels()).isEqualTo(Labels.of("__meta_filepath", a));
        assertThat(state.get(b + ":0").labels()).isEqualTo(Labels.of("team", "db", "__meta_filepath", b));
        assertThat(updates.calls()).isEqualTo(1);
        assertThat(errors.value()).isZero();
    }

    @Test
    void firstCallComesEvenWithoutFiles() throws Exception {
        start(NO_REFRESH, "*.json");
        updates.awaitCalls(1);
        assertThat(updates.allCalls().getFirst()).isEmpty();
    }

    @Test
    void followsWritesRenamesIntoPlaceAndDeletes() throws Exception {
        Path f = dir.resolve("t.json");
        Files.writeString(f, "[{\"targets\": [\"a:1\"]}]");
        start(NO_REFRESH, "*.json");
        String src = f + ":0";
        updates.await("a:1", s -> s.containsKey(src) && addresses(s.get(src)).equals(List.of("a:1")));

        // Rewritten in place.
        Files.writeString(f, "[{\"targets\": [\"b:1\"]}, {\"targets\": [\"c:1\"]}]");
        updates.await("b:1 and c:1", s -> s.size() == 2 && addresses(s.get(src)).equals(List.of("b:1")));

        // Written elsewhere and renamed over it, as editors and config management do.
        Path tmp = dir.resolve(".t.json.tmp");
        Files.writeString(tmp, "[{\"targets\": [\"d:1\"]}]");
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        updates.await("d:1 and the second group gone",
                s -> s.size() == 1 && addresses(s.get(src)).equals(List.of("d:1")));

        // A new file matching the glob.
        Path g = dir.resolve("u.json");
        Path gtmp = dir.resolve("u.tmp");
        Files.writeString(gtmp, "[{\"targets\": [\"e:1\"]}]");
        Files.move(gtmp, g, StandardCopyOption.ATOMIC_MOVE);
        updates.await("e:1 from the new file", s -> s.containsKey(g + ":0"));

        // Deleted: its groups go.
        Files.delete(f);
        updates.await("t.json's group removed", s -> !s.containsKey(src) && s.containsKey(g + ":0"));
        assertThat(errors.value()).isZero();
    }

    @Test
    void badEditKeepsPreviousGroupsLogsOnceAndCounts() throws Exception {
        Path f = dir.resolve("t.yaml");
        Files.writeString(f, "- targets: ['a:1']\n");
        start(NO_REFRESH, "t.yaml");
        String src = f + ":0";
        updates.await("a:1", s -> s.containsKey(src));
        int callsBefore = updates.calls();

        Files.writeString(f, "- targets: ['a:1']\n  labels:\n    0bad: x\n");
        String text = log.await("cannot use file_sd file");
        assertThat(text).contains(f + ":3: ").contains("\\\"0bad\\\" in target group 0 is not a valid label name");
        assertThat(errors.value()).isEqualTo(1);

        // The same bad content again (touched): counted, not logged again.
        Files.writeString(f, "- targets: ['a:1']\n  labels:\n    0bad: x\n");
        waitUntil(() -> errors.value() >= 2);
        assertThat(log.count("cannot use file_sd file")).isEqualTo(1);
        assertThat(updates.state().get(src).targets()).containsExactly(Labels.of("__address__", "a:1"));
        assertThat(updates.calls()).isEqualTo(callsBefore);

        // A different mistake is logged.
        Files.writeString(f, "- targets: ['']\n");
        waitUntil(() -> log.count("cannot use file_sd file") == 2);
        assertThat(log.text()).contains(f + ":1: target 0 of target group 0 is empty");

        Files.writeString(f, "- targets: ['b:1']\n");
        updates.await("b:1", s -> s.containsKey(src) && s.get(src).targets().equals(List.of(Labels.of("__address__", "b:1"))));
        log.await("file_sd file is usable again");
    }

    @Test
    void aFileThatIsNotRegularIsRefusedWithoutOpeningIt() throws Exception {
        // A link to /dev/zero reports size 0, and reading it whole would never end; opening a FIFO
        // waits for a writer, and would hold up the refresh threads every job's discovery shares.
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(Path.of("/dev/zero")));
        Files.createSymbolicLink(dir.resolve("zero.json"), Path.of("/dev/zero"));
        Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve("fifo.json").toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo works here");
        Files.writeString(dir.resolve("t.json"), "[{\"targets\": [\"a:1\"]}]");
        start(NO_REFRESH, "*.json");
        updates.await("t.json's group", s -> s.containsKey(dir.resolve("t.json") + ":0"));
        waitUntil(() -> errors.value() == 2);
        assertThat(log.text()).contains("zero.json: cannot read: java.io.IOException: not a regular file")
                .contains("fifo.json: cannot read: java.io.IOException: not a regular file");
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedUnread() throws Exception {
        try (java.io.RandomAccessFile big = new java.io.RandomAccessFile(dir.resolve("big.json").toFile(), "rw")) {
            big.setLength(65L << 20); // sparse: no 65 MiB written
        }
        start(NO_REFRESH, "*.json");
        assertThat(log.await("cannot use file_sd file")).contains("big.json: larger than 64 MiB");
        assertThat(errors.value()).isEqualTo(1);
    }

    @Test
    void badFileFromTheStartHasNoGroupsUntilFixed() throws Exception {
        Path f = dir.resolve("t.json");
        Files.writeString(f, "[{\"targets\": [\"a:1\"], \"label\": {}}]");
        start(NO_REFRESH, "*.json");
        updates.awaitCalls(1);
        assertThat(updates.state()).isEmpty();
        assertThat(log.text()).contains(f + ":1: unknown field \\\"label\\\" in target group 0 (allowed: targets, labels)");
        assertThat(errors.value()).isEqualTo(1);
    }

    @Test
    void periodicRefreshReadsWithoutEvents() throws Exception {
        // A directory created after start is not watched until a refresh finds it; the refresh reads it.
        Path sub = dir.resolve("later");
        start(Duration.ofMillis(50), "later/*.yml");
        updates.awaitCalls(1);
        Files.createDirectory(sub);
        Files.writeString(sub.resolve("x.yml"), "- targets: [x:1]\n");
        updates.await("x:1", s -> s.containsKey(sub.resolve("x.yml") + ":0"));
    }

    @Test
    void aDirectoryCreatedLaterIsNoticedWithoutARefresh() throws Exception {
        // Two levels missing: the watch moves down from the config directory as each appears.
        start(NO_REFRESH, "later/targets/*.yml");
        updates.awaitCalls(1);
        Path sub = Files.createDirectories(dir.resolve("later/targets"));
        Files.writeString(sub.resolve("x.yml"), "- targets: [x:1]\n");
        updates.await("x:1", s -> s.containsKey(sub.resolve("x.yml") + ":0"));

        // Removed and created again: still followed.
        Files.delete(sub.resolve("x.yml"));
        Files.delete(sub);
        updates.await("x:1 gone", Map::isEmpty);
        Files.createDirectory(sub);
        Files.writeString(sub.resolve("y.yml"), "- targets: [y:1]\n");
        updates.await("y:1", s -> s.containsKey(sub.resolve("y.yml") + ":0"));
    }

    @Test
    void aPatternThatMatchesNoFileIsLoggedOnceUntilItMatches() throws Exception {
        start(Duration.ofMillis(30), "none/*.json");
        log.await("file_sd pattern matches no file");
        Thread.sleep(300); // about ten more refreshes: still one warning
        assertThat(log.count("file_sd pattern matches no file")).isEqualTo(1);
        assertThat(log.text()).contains("pattern=" + dir.resolve("none/*.json"));
    }

    @Test
    void refreshSoonReadsAgainAtOnce() throws Exception {
        // With the watch service closed, only the periodic refresh or refreshSoon reads the new file.
        start(NO_REFRESH, "*.json");
        updates.awaitCalls(1);
        discoverer.closing();
        Files.writeString(dir.resolve("r.json"), "[{\"targets\": [\"r:1\"]}]");
        discoverer.refreshSoon();
        updates.await("r:1", s -> s.size() == 1);
    }

    @Test
    void nothingArrivesAfterClose() throws Exception {
        Path f = dir.resolve("t.json");
        Files.writeString(f, "[{\"targets\": [\"a:1\"]}]");
        start(Duration.ofMillis(20), "*.json");
        updates.await("a:1", s -> s.size() == 1);
        discoverer.close();
        int calls = updates.calls();
        Files.writeString(f, "[{\"targets\": [\"b:1\"]}]");
        // A second discoverer on the same executor sees the change; by then the closed one would have too.
        Updates witness = new Updates();
        try (var second = new FileDiscoverer(new FileSd(List.of("*.json"), Duration.ofMillis(20)), dir, executor,
                errors, log.logger())) {
            second.start(witness);
            witness.await("b:1", s -> s.size() == 1 && addresses(s.get(f + ":0")).equals(List.of("b:1")));
            Files.writeString(f, "[{\"targets\": [\"c:1\"]}]");
            witness.await("c:1", s -> addresses(s.get(f + ":0")).equals(List.of("c:1")));
        }
        assertThat(updates.calls()).isEqualTo(calls);
    }

    private static void waitUntil(java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Updates.WAIT_MS * 1_000_000;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in time");
            }
            Thread.sleep(10);
        }
    }

    @Test
    void patternsResolveAgainstTheConfigDirectory() throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("sd"));
        Files.writeString(dir.resolve("sd/n.json"), "[{\"targets\": [\"n:1\"]}]");
        start(NO_REFRESH, "sd/*.json");
        var state = updates.await("n:1", s -> s.size() == 1);
        assertThat(state.values().iterator().next().labels().get("__meta_filepath")).isEqualTo(dir.resolve("sd/n.json").toString());
    }
}
