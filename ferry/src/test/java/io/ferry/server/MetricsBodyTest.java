package io.ferry.server;

import io.ferry.wire.ByteSink;
import io.ferry.exposition.ExpositionFormat;
import io.ferry.exposition.ExpositionWriter;
import io.ferry.model.MetricFamily;
import io.ferry.telemetry.DefaultRegistry;
import io.ferry.telemetry.Registry;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Negotiation, compression and the memory of /metrics' body, with a fake writer that names its format. */
class MetricsBodyTest {
    private final Registry registry = new DefaultRegistry();

    MetricsBodyTest() {
        registry.counter("ferry_things_total", "Things.").inc();
    }

    /** Writes the format's name and the family names, one per line. */
    private record FakeWriter(ExpositionFormat format) implements ExpositionWriter {
        @Override
        public String contentType() {
            return "not/used";
        }

        @Override
        public void writeFamily(MetricFamily family, ByteSink out) {
            out.writeAscii(family.name() + "\n");
        }

        @Override
        public void finish(ByteSink out) {
            out.writeAscii(format.name());
        }
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** The body and how it was chosen, for these request headers. */
    private record Body(String contentType, boolean gzip, byte[] bytes) {
    }

    private Body render(String accept, String acceptEncoding) {
        return render(accept, acceptEncoding, true);
    }

    private Body render(String accept, String acceptEncoding, boolean openMetrics) {
        MetricsBody body = new MetricsBody(registry::collect, FakeWriter::new, openMetrics);
        MetricsBody.Choice choice = body.choose(accept, acceptEncoding);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            body.render(choice, out::write);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return new Body(choice.format().contentType(), choice.gzip(), out.toByteArray());
    }

    @Test
    void textWhenNothingIsAsked() {
        Body body = render(null, null);
        assertThat(body.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(body.gzip()).isFalse();
        assertThat(text(body.bytes())).isEqualTo("ferry_things_total\nPROMETHEUS_TEXT");
    }

    @Test
    void textWhenOpenMetricsIsPreferredButNotOffered() {
        // Prometheus' own Accept header: OpenMetrics first. Without --web.enable-openmetrics, the
        // answer is text 0.0.4, as the Pushgateway's.
        Body body = render("application/openmetrics-text;version=1.0.0;q=0.5,application/openmetrics-text;"
                + "version=0.0.1;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2", null, false);
        assertThat(body.contentType()).isEqualTo(ExpositionFormat.PROMETHEUS_TEXT.contentType());
        assertThat(text(body.bytes())).endsWith("\nPROMETHEUS_TEXT");
    }

    @Test
    void openMetricsWhenPreferred() {
        Body body = render(
                "application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4", null);
        assertThat(body.contentType()).isEqualTo(ExpositionFormat.OPENMETRICS.contentType());
        assertThat(text(body.bytes())).endsWith("\nOPENMETRICS");
    }

    @Test
    void protobufOnlyDelimited() {
        String delimited = "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited";
        assertThat(render(delimited, null).contentType()).isEqualTo(ExpositionFormat.PROTOBUF.contentType());
        String textEncoding = "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=text";
        assertThat(render(textEncoding, null).contentType()).isEqualTo(ExpositionFormat.PROMETHEUS_TEXT.contentType());
    }

    @Test
    void gzipWhenAccepted() throws IOException {
        Body body = render(null, "gzip, deflate");
        assertThat(body.gzip()).isTrue();
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body.bytes()))) {
            assertThat(text(in.readAllBytes())).isEqualTo("ferry_things_total\nPROMETHEUS_TEXT");
        }
        assertThat(render(null, "gzip;q=0, identity").gzip()).isFalse();
    }

    @Test
    void aLargeBodyRenderedInTwoHalvesIsTheSameAsOneWrite() throws IOException {
        List<MetricFamily> many = new java.util.ArrayList<>();
        for (int f = 0; f < 40; f++) {
            List<io.ferry.model.Metric> series = new java.util.ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                series.add(io.ferry.model.ValueMetric.of(io.ferry.model.Labels.of("i", Integer.toString(i)), f * i));
            }
            many.add(new MetricFamily("family_" + f, io.ferry.model.MetricType.GAUGE, "F.", null, series));
        }
        assertThat(many.stream().mapToInt(f -> f.metrics().size()).sum()).isGreaterThan(MetricsBody.PARALLEL_SERIES);
        for (ExpositionFormat format : ExpositionFormat.values()) {
            MetricsBody real = new MetricsBody(() -> many, true);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            real.render(new MetricsBody.Choice(format, false), out::write);
            assertThat(out.toByteArray()).as("%s", format).isEqualTo(format.writer().toBytes(many));
            ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
            real.render(new MetricsBody.Choice(format, true), gzipped::write);
            assertThat(gunzip(gzipped.toByteArray())).as("%s gzipped", format).isEqualTo(format.writer().toBytes(many));
        }
    }

    /** A part as handed over (the array itself, not a copy) and what it held then. */
    private record Handed(byte[] array, int offset, int length, byte[] heldThen) {
        static List<Handed> recordInto(List<Handed> parts, byte[] array, int offset, int length) {
            parts.add(new Handed(array, offset, length, java.util.Arrays.copyOfRange(array, offset, offset + length)));
            return parts;
        }

        byte[] holdsNow() {
            return java.util.Arrays.copyOfRange(array, offset, offset + length);
        }
    }

    @Test
    void partsHandedOverAreNeverChangedAfterAndALargeUnchangedFamilyIsSentFromMemory() throws IOException {
        List<MetricFamily> served = new java.util.ArrayList<>();
        for (int f = 0; f < 30; f++) { // large families and small ones, over two halves
            int n = f % 3 == 0 ? 2_000 : 3;
            List<io.ferry.model.Metric> series = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                series.add(io.ferry.model.ValueMetric.of(io.ferry.model.Labels.of("i", Integer.toString(i)), f * i));
            }
            served.add(new MetricFamily("family_" + f, io.ferry.model.MetricType.GAUGE, "F.", null, series));
        }
        java.util.concurrent.atomic.AtomicReference<List<MetricFamily>> now = new java.util.concurrent.atomic.AtomicReference<>(served);
        for (boolean gzip : new boolean[]{false, true}) {
            MetricsBody body = new MetricsBody(now::get, false);
            MetricsBody.Choice choice = new MetricsBody.Choice(ExpositionFormat.PROMETHEUS_TEXT, gzip);
            List<Handed> first = new java.util.ArrayList<>();
            body.render(choice, (b, o, l) -> Handed.recordInto(first, b, o, l));
            List<Handed> again = new java.util.ArrayList<>();
            body.render(choice, (b, o, l) -> Handed.recordInto(again, b, o, l));
            List<MetricFamily> changed = new java.util.ArrayList<>(served);
            changed.set(0, served.get(3));
            changed.set(3, served.get(0).withMetrics(served.get(3).metrics()));
            now.set(changed);
            body.render(choice, (b, o, l) -> Handed.recordInto(new java.util.ArrayList<>(), b, o, l));
            now.set(served);

            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            for (Handed h : first) {
                assertThat(h.holdsNow()).as("gzip %s: a part of the first body, after two more renders", gzip)
                        .isEqualTo(h.heldThen());
                whole.write(h.heldThen());
            }
            byte[] expected = ExpositionFormat.PROMETHEUS_TEXT.writer().toBytes(served);
            assertThat(gzip ? gunzip(whole.toByteArray()) : whole.toByteArray()).isEqualTo(expected);
            assertThat(first.size()).as("gzip %s: large families go as their own parts", gzip).isGreaterThan(2);
            if (!gzip) {
                // The large families of the second render are the very arrays of the first: sent from memory.
                List<byte[]> large = first.stream().filter(h -> h.length() >= MetricsBody.OWN_PIECE_BYTES)
                        .map(Handed::array).toList();
                assertThat(large).hasSize(10);
                for (byte[] a : large) {
                    assertThat(again.stream().anyMatch(h -> h.array() == a)).isTrue();
                }
            }
        }
    }

    @Test
    void aFamilyServedAgainIsCopiedFromTheLastRenderAndAChangedOneRenderedAfresh() throws IOException {
        java.util.concurrent.atomic.AtomicInteger rendered = new java.util.concurrent.atomic.AtomicInteger();
        MetricFamily stored = new MetricFamily("stored", io.ferry.model.MetricType.GAUGE, "S.", null,
                List.of(io.ferry.model.ValueMetric.of(io.ferry.model.Labels.of("i", "1"), 1)));
        java.util.concurrent.atomic.AtomicReference<List<MetricFamily>> served =
                new java.util.concurrent.atomic.AtomicReference<>(List.of(stored));
        ExpositionWriter counting = new Counting(ExpositionFormat.PROMETHEUS_TEXT.writer(), rendered);
        MetricsBody counted = new MetricsBody(served::get, f -> counting, false);
        MetricsBody.Choice text = new MetricsBody.Choice(ExpositionFormat.PROMETHEUS_TEXT, false);

        ByteArrayOutputStream first = new ByteArrayOutputStream();
        counted.render(text, first::write);
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        counted.render(text, again::write);
        assertThat(rendered).hasValue(1);
        assertThat(again.toByteArray()).isEqualTo(first.toByteArray())
                .isEqualTo(ExpositionFormat.PROMETHEUS_TEXT.writer().toBytes(List.of(stored)));

        // An equal family that is another object is rendered: only the very same object is trusted.
        MetricFamily changed = stored.withMetrics(
                List.of(io.ferry.model.ValueMetric.of(io.ferry.model.Labels.of("i", "1"), 2)));
        served.set(List.of(changed));
        ByteArrayOutputStream after = new ByteArrayOutputStream();
        counted.render(text, after::write);
        assertThat(rendered).hasValue(2);
        assertThat(after.toByteArray()).isEqualTo(ExpositionFormat.PROMETHEUS_TEXT.writer().toBytes(List.of(changed)));
    }

    @Test
    void aGzippedBodyCompressesOnlyWhatChangedAndDecodesToThePlainOne() throws IOException {
        java.util.concurrent.atomic.AtomicInteger rendered = new java.util.concurrent.atomic.AtomicInteger();
        ExpositionWriter counting = new Counting(ExpositionFormat.OPENMETRICS.writer(), rendered);
        MetricFamily quiet = family("quiet", 1);
        java.util.concurrent.atomic.AtomicReference<List<MetricFamily>> served =
                new java.util.concurrent.atomic.AtomicReference<>(List.of(family("busy", 1), quiet));
        MetricsBody body = new MetricsBody(served::get, f -> counting, true);
        MetricsBody.Choice gzip = new MetricsBody.Choice(ExpositionFormat.OPENMETRICS, true);

        ByteArrayOutputStream first = new ByteArrayOutputStream();
        body.render(gzip, first::write);
        assertThat(rendered).hasValue(2);
        assertThat(gunzip(first.toByteArray())).isEqualTo(ExpositionFormat.OPENMETRICS.writer().toBytes(served.get()));

        ByteArrayOutputStream again = new ByteArrayOutputStream();
        body.render(gzip, again::write);
        assertThat(rendered).hasValue(2);
        assertThat(again.toByteArray()).isEqualTo(first.toByteArray());

        served.set(List.of(family("busy", 2), quiet));
        ByteArrayOutputStream after = new ByteArrayOutputStream();
        body.render(gzip, after::write);
        assertThat(rendered).as("only the changed family").hasValue(3);
        assertThat(gunzip(after.toByteArray())).isEqualTo(ExpositionFormat.OPENMETRICS.writer().toBytes(served.get()));

        // The plain body is remembered apart: its first render renders everything.
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        body.render(new MetricsBody.Choice(ExpositionFormat.OPENMETRICS, false), plain::write);
        assertThat(rendered).hasValue(5);
        assertThat(plain.toByteArray()).isEqualTo(gunzip(after.toByteArray()));
    }

    @Test
    void aRenderAheadRendersWhatTheLastScrapesAskedForSoThatTheirNextScrapeRendersNothing() throws IOException {
        java.util.concurrent.atomic.AtomicInteger rendered = new java.util.concurrent.atomic.AtomicInteger();
        ExpositionWriter counting = new Counting(ExpositionFormat.PROMETHEUS_TEXT.writer(), rendered);
        java.util.concurrent.atomic.AtomicReference<List<MetricFamily>> served =
                new java.util.concurrent.atomic.AtomicReference<>(List.of(family("pushed", 1)));
        java.util.concurrent.atomic.AtomicInteger collected = new java.util.concurrent.atomic.AtomicInteger();
        MetricsBody body = new MetricsBody(() -> {
            collected.incrementAndGet();
            return served.get();
        }, f -> counting, false);
        MetricsBody.Choice plain = body.choose(null, null);
        MetricsBody.Choice gzip = body.choose(null, "gzip");

        body.renderAhead();
        assertThat(rendered).as("before any scrape: plain and gzipped text, as curl and Prometheus ask").hasValue(2);
        assertThat(collected).as("collected once for both").hasValue(1);
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        body.render(plain, first::write);
        ByteArrayOutputStream firstZipped = new ByteArrayOutputStream();
        body.render(gzip, firstZipped::write);
        assertThat(rendered).hasValue(2);
        assertThat(first.toByteArray()).isEqualTo(ExpositionFormat.PROMETHEUS_TEXT.writer().toBytes(served.get()));
        assertThat(gunzip(firstZipped.toByteArray())).isEqualTo(first.toByteArray());
        assertThat(body.scrapes()).as("a render ahead is not a scrape").isEqualTo(2);

        served.set(List.of(family("pushed", 2)));
        body.render(gzip, (bytes, offset, length) -> { });
        assertThat(rendered).hasValue(3);
        served.set(List.of(family("pushed", 3)));
        body.renderAhead();
        assertThat(rendered).as("plain and gzipped were asked for since the last render ahead").hasValue(5);
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        body.render(gzip, zipped::write);
        assertThat(rendered).hasValue(5);
        assertThat(gunzip(zipped.toByteArray())).isEqualTo(ExpositionFormat.PROMETHEUS_TEXT.writer().toBytes(served.get()));

        served.set(List.of(family("pushed", 4)));
        body.renderAhead();
        assertThat(rendered).as("only gzipped asked for since").hasValue(6);
        served.set(List.of(family("pushed", 5)));
        body.renderAhead();
        assertThat(rendered).as("no scrape since: what the last render ahead rendered").hasValue(7);
        body.render(gzip, (bytes, offset, length) -> { });
        assertThat(rendered).hasValue(7);
        body.render(plain, (bytes, offset, length) -> { });
        assertThat(rendered).as("plain text was not rendered ahead").hasValue(8);
    }

    @Test
    void aScrapeDuringARenderAheadWaitsForItAndSendsWhatItRendered() throws Exception {
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger rendered = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean hold = new java.util.concurrent.atomic.AtomicBoolean();
        ExpositionWriter real = ExpositionFormat.PROMETHEUS_TEXT.writer();
        ExpositionWriter held = new Counting(real, rendered, () -> {
            if (hold.get()) {
                entered.countDown();
                try {
                    assertThat(release.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
        });
        java.util.concurrent.atomic.AtomicReference<List<MetricFamily>> served =
                new java.util.concurrent.atomic.AtomicReference<>(List.of(family("pushed", 1)));
        MetricsBody body = new MetricsBody(served::get, f -> held, false);
        body.render(body.choose(null, null), (bytes, offset, length) -> { }); // plain text: what is rendered ahead
        served.set(List.of(family("pushed", 2)));
        hold.set(true);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Future<?> ahead = threads.submit(() -> {
                body.renderAhead();
                return null;
            });
            assertThat(entered.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            ByteArrayOutputStream scraped = new ByteArrayOutputStream();
            java.util.concurrent.Future<?> scrape = threads.submit(() -> {
                body.render(body.choose(null, null), scraped::write);
                return null;
            });
            Thread.sleep(50); // room for the scrape to render beside the render ahead, were it not held
            assertThat(scrape).isNotDone();
            release.countDown();
            ahead.get(10, java.util.concurrent.TimeUnit.SECONDS);
            scrape.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(rendered).as("rendered once, ahead").hasValue(2);
            assertThat(scraped.toByteArray()).isEqualTo(real.toBytes(served.get()));
        } finally {
            release.countDown();
            threads.shutdownNow();
        }
    }

    /** A real writer that counts the families it renders, and runs {@code beforeEach} before each. */
    private record Counting(ExpositionWriter real, java.util.concurrent.atomic.AtomicInteger rendered,
                            Runnable beforeEach) implements ExpositionWriter {
        Counting(ExpositionWriter real, java.util.concurrent.atomic.AtomicInteger rendered) {
            this(real, rendered, () -> { });
        }

        @Override
        public String contentType() {
            return real.contentType();
        }

        @Override
        public void writeFamily(MetricFamily family, ByteSink out) {
            rendered.incrementAndGet();
            beforeEach.run();
            real.writeFamily(family, out);
        }

        @Override
        public void finish(ByteSink out) {
            real.finish(out);
        }
    }

    private static MetricFamily family(String name, double value) {
        return new MetricFamily(name, io.ferry.model.MetricType.GAUGE, "H.", null,
                List.of(io.ferry.model.ValueMetric.of(io.ferry.model.Labels.of("i", "1"), value)));
    }

    private static byte[] gunzip(byte[] gzipped) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return in.readAllBytes();
        }
    }
}
