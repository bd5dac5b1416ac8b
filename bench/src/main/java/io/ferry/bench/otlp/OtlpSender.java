package io.ferry.bench.otlp;

import io.ferry.wire.ByteSink;
import io.ferry.wire.ProtoWire;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

/**
 * The sender of the OTLP throughput bench ({@code bench/otlp/run.sh}), in a process of its own:
 * exports of cumulative sums, pre-encoded as an SDK would send them (one resource, one scope, ten
 * metrics, {@code POINTS} points), to Ferry's OTLP/gRPC (h2c, gRPC framing) or OTLP/HTTP
 * ({@code POST /v1/metrics}, HTTP/1.1 keep-alive) receiver, {@code INFLIGHT} at once, rotating over
 * {@code INSTANCES} resources (one group each), for {@code SECONDS}. Prints one line:
 * {@code points/s requests/s ok errors}.
 *
 * <p>The metric names carry the export size the families are shaped for ({@code FAMILY_POINTS},
 * {@code POINTS} unless given: {@code bench.requests.p1000.3}), so that rows of different sizes
 * against one Ferry write families of their own: the write of an export costs what the stored
 * families it touches hold, and an export of 1,000 points into families that an earlier row filled
 * with 10,000 would measure that rather than the transport (bench/RESULTS.md).
 *
 * <pre>{@code
 * java -cp benchmarks.jar io.ferry.bench.otlp.OtlpSender grpc 127.0.0.1 4317 1000 false 30 16 64 [FAMILY_POINTS]
 * }</pre>
 */
public final class OtlpSender {
    private OtlpSender() {
    }

    public static void main(String[] args) throws Exception {
        String transport = args[0];
        String host = args[1];
        int port = Integer.parseInt(args[2]);
        int points = Integer.parseInt(args[3]);
        boolean gzip = Boolean.parseBoolean(args[4]);
        int seconds = Integer.parseInt(args[5]);
        int inflight = Integer.parseInt(args[6]);
        int instances = Integer.parseInt(args[7]);
        int familyPoints = args.length > 8 ? Integer.parseInt(args[8]) : points;
        boolean grpc = transport.equals("grpc");

        long now = System.currentTimeMillis() * 1_000_000L;
        List<Buffer> bodies = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            byte[] message = request("bench-" + i, points, familyPoints, now - 60_000_000_000L, now);
            byte[] payload = gzip ? gzip(message) : message;
            bodies.add(grpc ? Buffer.buffer(5 + payload.length).appendByte((byte) (gzip ? 1 : 0))
                    .appendInt(payload.length).appendBytes(payload) : Buffer.buffer(payload));
        }

        Vertx vertx = Vertx.vertx();
        HttpClientOptions options = new HttpClientOptions().setDefaultHost(host).setDefaultPort(port)
                .setKeepAlive(true);
        if (grpc) {
            options.setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false)
                    .setHttp2MultiplexingLimit(inflight);
        }
        HttpClient client = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(inflight)
                .setHttp2MaxSize(1));
        AtomicLong ok = new AtomicLong();
        Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        CountDownLatch done = new CountDownLatch(inflight);
        AtomicLong next = new AtomicLong();
        long start = System.nanoTime();
        for (int i = 0; i < inflight; i++) {
            vertx.runOnContext(v -> send(client, grpc, gzip, bodies, next, ok, errors, end, done));
        }
        done.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        vertx.close().await(10, TimeUnit.SECONDS);
        Map<String, Long> errs = new TreeMap<>();
        errors.forEach((k, v) -> errs.put(k, v.get()));
        System.out.printf("%.0f %.1f %d %s%n", ok.get() * points / elapsed, ok.get() / elapsed, ok.get(), errs);
    }

    /** Sends one export, then the next, until the end; counts what came back. */
    private static void send(HttpClient client, boolean grpc, boolean gzip, List<Buffer> bodies, AtomicLong next,
                             AtomicLong ok, Map<String, AtomicLong> errors, long end, CountDownLatch done) {
        if (System.nanoTime() >= end) {
            done.countDown();
            return;
        }
        Buffer body = bodies.get((int) (next.getAndIncrement() % bodies.size()));
        String path = grpc ? "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export" : "/v1/metrics";
        client.request(HttpMethod.POST, path).compose(req -> {
            if (grpc) {
                req.putHeader("content-type", "application/grpc").putHeader("te", "trailers");
                if (gzip) {
                    req.putHeader("grpc-encoding", "gzip");
                }
            } else {
                req.putHeader("content-type", "application/x-protobuf");
                if (gzip) {
                    req.putHeader("content-encoding", "gzip");
                }
            }
            return req.send(body).compose(resp -> resp.body().map(b -> {
                if (resp.statusCode() != 200) {
                    return "http_" + resp.statusCode();
                }
                if (grpc) {
                    String status = resp.getTrailer("grpc-status");
                    status = status == null ? resp.getHeader("grpc-status") : status;
                    return "0".equals(status) ? "" : "grpc_" + status;
                }
                return "";
            }));
        }).onComplete(r -> {
            String outcome = r.succeeded() ? r.result() : "failed";
            if (outcome.isEmpty()) {
                ok.incrementAndGet();
            } else {
                errors.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
            }
            send(client, grpc, gzip, bodies, next, ok, errors, end, done);
        });
    }

    /**
     * An {@code ExportMetricsServiceRequest}: one resource, ten cumulative sums of {@code points / 10}
     * series each, named for exports of {@code familyPoints}.
     */
    static byte[] request(String instance, int points, int familyPoints, long start, long time) {
        ByteSink scope = new ByteSink(points * 64);
        ByteSink name = new ByteSink(16);
        string(name, 1, "bench");
        message(scope, 1, name);
        int perMetric = Math.max(1, points / 10);
        for (int m = 0; m < points / perMetric; m++) {
            ByteSink sum = new ByteSink(perMetric * 64);
            for (int s = 0; s < perMetric; s++) {
                ByteSink point = new ByteSink(64);
                ProtoWire.writeTag(point, 2, ProtoWire.FIXED64);
                ProtoWire.writeFixed64(point, start);
                ProtoWire.writeTag(point, 3, ProtoWire.FIXED64);
                ProtoWire.writeFixed64(point, time);
                ProtoWire.writeTag(point, 4, ProtoWire.FIXED64);
                ProtoWire.writeFixed64(point, Double.doubleToRawLongBits(s + 1));
                message(point, 7, keyValue("series", "s" + s));
                message(sum, 1, point);
            }
            ProtoWire.writeTag(sum, 2, ProtoWire.VARINT);
            ProtoWire.writeVarint(sum, 2); // cumulative
            ProtoWire.writeTag(sum, 3, ProtoWire.VARINT);
            ProtoWire.writeVarint(sum, 1); // monotonic
            ByteSink metric = new ByteSink(sum.size() + 32);
            string(metric, 1, "bench.requests.p" + familyPoints + "." + m);
            message(metric, 7, sum);
            message(scope, 2, metric);
        }
        ByteSink resource = new ByteSink(128);
        message(resource, 1, keyValue("service.name", "bench"));
        message(resource, 1, keyValue("service.instance.id", instance));
        ByteSink resourceMetrics = new ByteSink(scope.size() + 256);
        message(resourceMetrics, 1, resource);
        message(resourceMetrics, 2, scope);
        ByteSink request = new ByteSink(resourceMetrics.size() + 16);
        message(request, 1, resourceMetrics);
        return request.toByteArray();
    }

    private static ByteSink keyValue(String key, String value) {
        ByteSink any = new ByteSink(value.length() + 4);
        string(any, 1, value);
        ByteSink kv = new ByteSink(key.length() + value.length() + 8);
        string(kv, 1, key);
        message(kv, 2, any);
        return kv;
    }

    private static void string(ByteSink out, int field, String s) {
        ProtoWire.writeTag(out, field, ProtoWire.LEN);
        ProtoWire.writeVarint(out, ProtoWire.utf8Length(s));
        out.writeUtf8(s);
    }

    private static void message(ByteSink out, int field, ByteSink m) {
        ProtoWire.writeTag(out, field, ProtoWire.LEN);
        ProtoWire.writeVarint(out, m.size());
        out.write(m.array(), 0, m.size());
    }

    private static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 4);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        }
        return out.toByteArray();
    }
}
