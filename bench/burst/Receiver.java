import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.xerial.snappy.Snappy;

/**
 * A remote write 1.0 receiver that counts what it is sent, for the burst benchmark.
 *
 * <pre>
 * java -cp snappy-java.jar Receiver.java PORT [ooo]
 * curl -s http://127.0.0.1:PORT/counts
 * </pre>
 *
 * POST to any path (the benchmark uses {@code /agent} and {@code /ferry}, one per sender) takes a
 * snappy block holding a protobuf {@code WriteRequest}; the body is walked field by field without
 * generated code and counted per path: requests, series, samples, stale markers (the exact NaN
 * Prometheus writes, bits 0x7ff0000000000002), samples of {@code up} by value, and with
 * {@code ooo} samples not newer than the last one seen for the same series (keyed by a 64-bit hash
 * of the series' label bytes, in open-addressing maps of primitive longs, so 4 million series
 * per sender cost about 130 MB, not gigabytes). Answers 204, or 400 with the reason when the body
 * does not decompress or decode. {@code GET /counts} answers one line per path and counter,
 * {@code path counter value}, sorted, plus the receiver's own CPU time.
 *
 * <p>Thread-safe: counters are {@link LongAdder}s and each series map is split into stripes,
 * each with its own lock. Requests from one sender may be decoded concurrently.
 */
public final class Receiver {
    private static final long STALE_NAN = 0x7ff0000000000002L;
    /** The whole Label message {@code name: "__name__", value: "up"}, with its key and length. */
    private static final byte[] UP_LABEL = {0x0a, 14, 0x0a, 8, '_', '_', 'n', 'a', 'm', 'e', '_', '_', 0x12, 2, 'u', 'p'};

    private final Map<String, Counts> byPath = new ConcurrentHashMap<>();
    private final boolean checkOrder;

    Receiver(boolean checkOrder) {
        this.checkOrder = checkOrder;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: Receiver PORT [ooo]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Receiver r = new Receiver(args.length > 1 && args[1].equals("ooo"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        // Prometheus grows to up to 200 shards, each with one request in flight; decoding is
        // CPU work, so more threads than that gain nothing, and fewer would queue its sends.
        ExecutorService pool = Executors.newFixedThreadPool(256, Thread.ofPlatform().daemon().factory());
        server.setExecutor(pool);
        server.createContext("/", r::handle);
        server.start();
        // On SIGTERM: stop taking requests, then print the counts as "final <line>", so that a
        // run that stops the receiver on purpose can add what it counted up to the last answer.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(0);
            System.out.print(r.counts().replaceAll("(?m)^", "final "));
            System.out.flush();
        }));
        System.out.println("receiver listening on 127.0.0.1:" + port + (r.checkOrder ? " (order check on)" : ""));
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (ex.getRequestMethod().equals("GET") && path.equals("/counts")) {
                reply(ex, 200, counts());
                return;
            }
            if (!ex.getRequestMethod().equals("POST")) {
                reply(ex, 405, "POST a WriteRequest, or GET /counts\n");
                return;
            }
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            Counts c = byPath.computeIfAbsent(path, p -> new Counts(checkOrder));
            byte[] raw;
            try {
                raw = Snappy.uncompress(body);
            } catch (IOException e) {
                c.bad.increment();
                reply(ex, 400, "body is not a snappy block: " + e.getMessage() + "\n");
                return;
            }
            try {
                c.add(raw);
            } catch (IllegalArgumentException e) {
                c.bad.increment();
                reply(ex, 400, "body is not a WriteRequest: " + e.getMessage() + "\n");
                return;
            }
            ex.sendResponseHeaders(204, -1);
        }
    }

    private static void reply(HttpExchange ex, int status, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    private String counts() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Counts> e : new TreeMap<>(byPath).entrySet()) {
            e.getValue().appendTo(e.getKey(), sb);
        }
        long cpuNanos = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        sb.append("receiver cpu_seconds ").append(cpuNanos / 1e9).append('\n');
        return sb.toString();
    }

    /** What one path was sent. */
    static final class Counts {
        final LongAdder requests = new LongAdder();
        final LongAdder bad = new LongAdder();
        final LongAdder series = new LongAdder();
        final LongAdder samples = new LongAdder();
        final LongAdder stale = new LongAdder();
        final LongAdder upOne = new LongAdder();
        final LongAdder upZero = new LongAdder();
        final LongAdder outOfOrder = new LongAdder();
        final LongAdder histograms = new LongAdder();
        final LongAdder metadata = new LongAdder();
        private volatile long firstTs = Long.MAX_VALUE;
        private volatile long lastTs = Long.MIN_VALUE;
        private final Stripes last;

        Counts(boolean checkOrder) {
            last = checkOrder ? new Stripes() : null;
        }

        void appendTo(String path, StringBuilder sb) {
            line(sb, path, "requests", requests.sum());
            line(sb, path, "bad_requests", bad.sum());
            line(sb, path, "series", series.sum());
            line(sb, path, "samples", samples.sum());
            line(sb, path, "stale_markers", stale.sum());
            line(sb, path, "up_1", upOne.sum());
            line(sb, path, "up_0", upZero.sum());
            line(sb, path, "out_of_order", last == null ? -1 : outOfOrder.sum());
            line(sb, path, "distinct_series", last == null ? -1 : last.size());
            line(sb, path, "histograms", histograms.sum());
            line(sb, path, "metadata", metadata.sum());
            line(sb, path, "first_ts_ms", firstTs);
            line(sb, path, "last_ts_ms", lastTs);
        }

        private static void line(StringBuilder sb, String path, String name, long v) {
            sb.append(path).append(' ').append(name).append(' ').append(v).append('\n');
        }

        /** Walks one WriteRequest: field 1 is a TimeSeries, field 3 a MetricMetadata; others skipped. */
        void add(byte[] b) {
            Reader r = new Reader(b, 0, b.length);
            long nSeries = 0, nSamples = 0, nStale = 0, nOoo = 0, lo = Long.MAX_VALUE, hi = Long.MIN_VALUE;
            while (r.more()) {
                int key = (int) r.varint();
                if (key == (1 << 3 | 2)) {
                    int len = r.length();
                    nSeries++;
                    // One TimeSeries: labels (1), samples (2), exemplars (3), histograms (4).
                    Reader ts = new Reader(b, r.pos, r.pos + len);
                    r.pos += len;
                    // Labels come first and together; they are hashed as one range once the first
                    // sample (or the end) shows where they stop.
                    int labelsFrom = -1, labelsTo = -1;
                    long hash = 0;
                    boolean up = false;
                    while (ts.more()) {
                        int at = ts.pos;
                        int k = (int) ts.varint();
                        if (k == (1 << 3 | 2)) {
                            int l = ts.length();
                            if (labelsFrom < 0) labelsFrom = at;
                            up |= l == UP_LABEL.length - 2 && equal(b, ts.pos - 2, l + 2, UP_LABEL);
                            ts.pos += l;
                            labelsTo = ts.pos;
                        } else if (k == (2 << 3 | 2)) {
                            if (labelsTo >= 0 && hash == 0) hash = hash(b, labelsFrom, labelsTo);
                            int l = ts.length();
                            Reader s = new Reader(b, ts.pos, ts.pos + l);
                            ts.pos += l;
                            long bits = 0, t = 0;
                            while (s.more()) {
                                int sk = (int) s.varint();
                                if (sk == (1 << 3 | 1)) {
                                    bits = s.fixed64();
                                } else if (sk == (2 << 3)) {
                                    t = s.varint();
                                } else {
                                    s.skip(sk);
                                }
                            }
                            nSamples++;
                            if (bits == STALE_NAN) {
                                nStale++;
                            } else if (up) {
                                double v = Double.longBitsToDouble(bits);
                                (v == 1 ? upOne : upZero).increment();
                            }
                            lo = Math.min(lo, t);
                            hi = Math.max(hi, t);
                            if (last != null && !last.advance(hash, t)) {
                                nOoo++;
                            }
                        } else if (k == (4 << 3 | 2)) {
                            histograms.increment();
                            ts.skip(k);
                        } else {
                            ts.skip(k);
                        }
                    }
                } else if (key == (3 << 3 | 2)) {
                    metadata.increment();
                    r.skip(key);
                } else {
                    r.skip(key);
                }
            }
            requests.increment();
            series.add(nSeries);
            samples.add(nSamples - nStale);
            stale.add(nStale);
            outOfOrder.add(nOoo);
            if (nSamples > 0) {
                synchronized (this) {
                    if (lo < firstTs) firstTs = lo;
                    if (hi > lastTs) lastTs = hi;
                }
            }
        }

        private static boolean equal(byte[] b, int at, int len, byte[] want) {
            return len == want.length && java.util.Arrays.equals(b, at, at + len, want, 0, len);
        }

        private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles
                .byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

        /** A 64-bit hash of b[from, to), eight bytes a step; never 0, which marks a free slot. */
        private static long hash(byte[] b, int from, int to) {
            long h = 0x9e3779b97f4a7c15L ^ (to - from);
            int i = from;
            for (; i + 8 <= to; i += 8) {
                h = (h ^ (long) LONGS.get(b, i)) * 0xff51afd7ed558ccdL;
                h ^= h >>> 32;
            }
            for (; i < to; i++) {
                h = (h ^ (b[i] & 0xff)) * 0xc4ceb9fe1a85ec53L;
            }
            h ^= h >>> 29;
            h *= 0xbf58476d1ce4e5b9L;
            h ^= h >>> 32;
            return h == 0 ? 1 : h;
        }
    }

    /** A cursor over protobuf wire format; throws IllegalArgumentException on malformed input. */
    static final class Reader {
        final byte[] b;
        int pos;
        final int end;

        Reader(byte[] b, int pos, int end) {
            this.b = b;
            this.pos = pos;
            this.end = end;
        }

        boolean more() {
            return pos < end;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) throw new IllegalArgumentException("varint runs past the end at byte " + pos);
                byte x = b[pos++];
                v |= (long) (x & 0x7f) << shift;
                if (x >= 0) return v;
            }
            throw new IllegalArgumentException("varint longer than 10 bytes at byte " + pos);
        }

        int length() {
            long n = varint();
            if (n < 0 || n > end - pos) {
                throw new IllegalArgumentException("length " + n + " at byte " + pos + " runs past the end " + end);
            }
            return (int) n;
        }

        long fixed64() {
            if (end - pos < 8) throw new IllegalArgumentException("fixed64 runs past the end at byte " + pos);
            long v = 0;
            for (int i = 7; i >= 0; i--) {
                v = (v << 8) | (b[pos + i] & 0xffL);
            }
            pos += 8;
            return v;
        }

        void skip(int key) {
            switch (key & 7) {
                case 0 -> varint();
                case 1 -> {
                    if (end - pos < 8) throw new IllegalArgumentException("fixed64 runs past the end");
                    pos += 8;
                }
                case 2 -> {
                    int n = length(); // before the +=, which would read pos ahead of the length's own bytes
                    pos += n;
                }
                case 5 -> {
                    if (end - pos < 4) throw new IllegalArgumentException("fixed32 runs past the end");
                    pos += 4;
                }
                default -> throw new IllegalArgumentException("wire type " + (key & 7) + " at byte " + pos);
            }
        }
    }

    /** Last timestamp per series hash, in 64 independently locked open-addressing tables. */
    static final class Stripes {
        private final Table[] tables = new Table[64];

        Stripes() {
            for (int i = 0; i < tables.length; i++) tables[i] = new Table();
        }

        /** Records t for the series; false when t is not newer than the last timestamp seen for it. */
        boolean advance(long hash, long t) {
            Table tb = tables[(int) (hash >>> 58)];
            tb.lock.lock();
            try {
                return tb.advance(hash, t);
            } finally {
                tb.lock.unlock();
            }
        }

        long size() {
            long n = 0;
            for (Table t : tables) {
                t.lock.lock();
                try {
                    n += t.size;
                } finally {
                    t.lock.unlock();
                }
            }
            return n;
        }
    }

    /**
     * Open addressing, linear probing, key and value side by side so a lookup touches one cache
     * line; key 0 marks a free slot (hashes are never 0). Starts at 2^17 slots, so the 4.2 million
     * series of 1,400 targets fill the 64 stripes to half without growing.
     */
    static final class Table {
        final ReentrantLock lock = new ReentrantLock();
        long[] slots = new long[2 << 17];
        int size;

        boolean advance(long key, long t) {
            if (size * 2 >= slots.length / 2) grow();
            int mask = slots.length / 2 - 1;
            int i = (int) key & mask;
            while (true) {
                long k = slots[2 * i];
                if (k == key) {
                    boolean newer = t > slots[2 * i + 1];
                    if (newer) slots[2 * i + 1] = t;
                    return newer;
                }
                if (k == 0) {
                    slots[2 * i] = key;
                    slots[2 * i + 1] = t;
                    size++;
                    return true;
                }
                i = (i + 1) & mask;
            }
        }

        private void grow() {
            long[] old = slots;
            slots = new long[old.length * 2];
            int mask = slots.length / 2 - 1;
            for (int j = 0; j < old.length; j += 2) {
                long k = old[j];
                if (k == 0) continue;
                int i = (int) k & mask;
                while (slots[2 * i] != 0) i = (i + 1) & mask;
                slots[2 * i] = k;
                slots[2 * i + 1] = old[j + 1];
            }
        }
    }
}
