package io.ferry.server;

import io.ferry.config.FerryConfig;
import io.ferry.config.ListenAddress;
import io.ferry.config.StorageConfig;
import io.ferry.config.WebConfig;
import io.ferry.config.WebLimits;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.ValueMetric;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Raw sockets and Ferry's own counters, for the tests of what the server holds against many or slow clients. */
final class FrontDoor {
    private FrontDoor() {
    }

    static FerryConfig config(Path storage, WebLimits limits) {
        return new FerryConfig(new WebConfig(ListenAddress.parse("127.0.0.1:0")).withLimits(limits),
                new StorageConfig(storage), FerryConfig.DEFAULTS.log(), FerryConfig.DEFAULTS.push());
    }

    /** The sum of a family's samples whose {@code label} is {@code value} (any, when label is null); 0 when absent. */
    static double value(FerryServer ferry, String family, String label, String value) {
        double sum = 0;
        for (MetricFamily f : ferry.registry().collect()) {
            if (f.name().equals(family)) {
                for (Metric m : f.metrics()) {
                    if (m instanceof ValueMetric v && (label == null || value.equals(v.labels().get(label)))) {
                        sum += v.value();
                    }
                }
            }
        }
        return sum;
    }

    static Socket connect(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(50);
        return s;
    }

    static void write(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    /** Whether the server closed {@code s}: end of stream or a reset, reading what is left with a short wait. */
    static boolean closedByServer(Socket s) {
        try {
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            while (true) {
                if (in.read(buf) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** What the server has sent on {@code s} within {@code wait}, until it closes or stops for that long. */
    static String readAvailable(Socket s, Duration wait) throws IOException {
        s.setSoTimeout((int) wait.toMillis());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = s.getInputStream().read(buf)) > 0) {
                out.write(buf, 0, n);
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // what came is what there is
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** One request on a fresh connection; the answer's status line, or "" when none came. */
    static String statusOnFreshConnection(int port, String method, String path) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            write(s, method + " " + path + " HTTP/1.1\r\nHost: ferry\r\nConnection: close\r\n\r\n");
            String answer = readAvailable(s, Duration.ofSeconds(5));
            int eol = answer.indexOf("\r\n");
            return eol < 0 ? answer : answer.substring(0, eol);
        }
    }

    static void closeAll(Iterable<Socket> sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // closing is all that is wanted
            }
        }
    }

    /** Waits up to {@code limit} for {@code condition}, polling; returns whether it held. */
    static boolean eventually(Duration limit, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }
}
