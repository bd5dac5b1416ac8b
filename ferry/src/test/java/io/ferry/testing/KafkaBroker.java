package io.ferry.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A real Apache Kafka (KRaft) of one or three nodes, each node its own JVM ({@code -Xmx512m}) on
 * free loopback ports, run from the {@code kafka_2.13} jars Maven resolved for the tests (the class
 * path {@code target/kafka-broker.classpath}, written by the dependency plugin, less the JDK SLF4J
 * binding: the broker logs through log4j). Every node is broker and controller; three nodes form one
 * quorum with {@code min.insync.replicas=2}.
 *
 * <pre>{@code
 * try (KafkaBroker kafka = KafkaBroker.start(1)) {
 *     Properties p = new Properties();
 *     p.put("bootstrap.servers", kafka.bootstrapServers());
 *     ...
 *     kafka.kill(0);     // kill -9, as a crash
 *     kafka.restart(0);  // same ports, same log directory
 * }
 * }</pre>
 *
 * <p>{@link #close} stops every node and deletes their directories, also after a failed start.
 * Not thread-safe: one test thread drives it.
 */
public final class KafkaBroker implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(150);
    private static final Pattern STARTED = Pattern.compile("Kafka Server started");
    private static final Path CLASSPATH_FILE = Path.of("target", "kafka-broker.classpath");

    private final Path root;
    private final String classpath;
    /** The address the client listeners bind and advertise. */
    private final String host;
    private final int[] brokerPorts;
    private final int[] controllerPorts;
    private final ChildProcess[] nodes;

    private KafkaBroker(Path root, String classpath, String host, int count) throws IOException {
        this.root = root;
        this.classpath = classpath;
        this.host = host;
        this.brokerPorts = new int[count];
        this.controllerPorts = new int[count];
        this.nodes = new ChildProcess[count];
        // Chosen together, so no two listeners are given the same port.
        int[] ports = ExternalTool.freeLoopbackPorts(2 * count);
        for (int i = 0; i < count; i++) {
            brokerPorts[i] = ports[2 * i];
            controllerPorts[i] = ports[2 * i + 1];
        }
    }

    /** Formats and starts {@code count} nodes (1 or 3) and waits until each has started. */
    public static KafkaBroker start(int count) throws IOException, InterruptedException {
        return start(count, "127.0.0.1");
    }

    /**
     * As {@link #start(int)}, the clients' listeners on {@code host} (an address of this machine,
     * such as one end of a link to a network namespace) rather than loopback; the controllers stay
     * on loopback.
     */
    public static KafkaBroker start(int count, String host) throws IOException, InterruptedException {
        if (count != 1 && count != 3) {
            throw new IllegalArgumentException("1 or 3 nodes, not " + count);
        }
        KafkaBroker kafka = new KafkaBroker(Files.createTempDirectory("ferry-kafka"), brokerClasspath(), host, count);
        try {
            String clusterId = clusterId();
            for (int i = 0; i < count; i++) {
                Path props = kafka.writeProperties(i);
                try (ChildProcess format = kafka.java("kafka.tools.StorageTool", "format", "-t", clusterId, "-c",
                        props.toString()).mergeStderr().start()) {
                    ChildProcess.Result r = format.finish(Duration.ofSeconds(90));
                    if (r.exit() != 0) {
                        throw new IOException("formatting node " + i + " failed:\n" + r.stdout());
                    }
                }
            }
            for (int i = 0; i < count; i++) {
                kafka.launch(i);
            }
            for (int i = 0; i < count; i++) {
                kafka.nodes[i].awaitStderr(STARTED, START_TIMEOUT);
            }
            return kafka;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            kafka.close();
            throw e;
        }
    }

    /** {@code host:port,...} of every node's client listener, running or not. */
    public String bootstrapServers() {
        return Arrays.stream(brokerPorts).mapToObj(p -> host + ":" + p).collect(Collectors.joining(","));
    }

    /** The client listener's port of node {@code i}. */
    public int port(int i) {
        return brokerPorts[i];
    }

    /** How many nodes this Kafka has. */
    public int size() {
        return nodes.length;
    }

    /** SIGKILL to node {@code i} (0-based), as a crash; its log directory stays for {@link #restart}. */
    public void kill(int i) throws InterruptedException {
        ChildProcess node = nodes[i];
        if (node != null) {
            node.kill();
            node.close();
            nodes[i] = null;
        }
    }

    /** Stops node {@code i} gracefully (SIGTERM, bounded), keeping its log directory. */
    public void stop(int i) {
        ChildProcess node = nodes[i];
        if (node != null) {
            node.close();
            nodes[i] = null;
        }
    }

    /** Starts node {@code i} again on its ports with its log directory, and waits until it has started. */
    public void restart(int i) throws IOException, InterruptedException {
        if (nodes[i] != null) {
            throw new IllegalStateException("node " + i + " is running");
        }
        launch(i);
        nodes[i].awaitStderr(STARTED, START_TIMEOUT);
    }

    /** Whether node {@code i} runs. */
    public boolean isRunning(int i) {
        return nodes[i] != null && nodes[i].isAlive();
    }

    /** What node {@code i} has logged so far (empty when it is not running). */
    public String log(int i) {
        return nodes[i] == null ? "" : nodes[i].stderr();
    }

    /** Stops every node and deletes their directories. */
    @Override
    public void close() {
        for (int i = 0; i < nodes.length; i++) {
            stop(i);
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind harms nothing.
        }
    }

    private void launch(int i) throws IOException {
        nodes[i] = java("-Dlog4j2.configurationFile=" + root.resolve("log4j2.properties"), "kafka.Kafka",
                root.resolve("node-" + i + ".properties").toString()).start();
    }

    private ChildProcess.Builder java(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath));
        command.addAll(List.of(args));
        return ChildProcess.builder(command).directory(root);
    }

    private Path writeProperties(int i) throws IOException {
        int count = nodes.length;
        String voters = IntStream.range(0, count)
                .mapToObj(n -> (n + 1) + "@127.0.0.1:" + controllerPorts[n]).collect(Collectors.joining(","));
        int rf = count == 3 ? 3 : 1;
        int isr = count == 3 ? 2 : 1;
        String props = String.join("\n",
                "process.roles=broker,controller",
                "node.id=" + (i + 1),
                "controller.quorum.voters=" + voters,
                "listeners=PLAINTEXT://" + host + ":" + brokerPorts[i] + ",CONTROLLER://127.0.0.1:" + controllerPorts[i],
                "advertised.listeners=PLAINTEXT://" + host + ":" + brokerPorts[i],
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + root.resolve("data-" + i),
                "num.partitions=1",
                "default.replication.factor=" + rf,
                "min.insync.replicas=" + isr,
                "offsets.topic.replication.factor=" + rf,
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=" + rf,
                "transaction.state.log.min.isr=" + isr,
                "share.coordinator.state.topic.replication.factor=" + rf,
                "share.coordinator.state.topic.min.isr=" + isr,
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false",
                "");
        Files.writeString(root.resolve("log4j2.properties"), String.join("\n",
                "appender.err.type=Console",
                "appender.err.name=err",
                "appender.err.target=SYSTEM_ERR",
                "appender.err.layout.type=PatternLayout",
                "appender.err.layout.pattern=[%d] %p %m (%c)%n",
                "rootLogger.level=INFO",
                "rootLogger.appenderRef.err.ref=err",
                ""));
        return Files.writeString(root.resolve("node-" + i + ".properties"), props);
    }

    private static String brokerClasspath() {
        try {
            return Stream.of(Files.readString(CLASSPATH_FILE).trim().split(File.pathSeparator))
                    .filter(jar -> !jar.contains("slf4j-jdk14"))
                    .collect(Collectors.joining(File.pathSeparator));
        } catch (IOException e) {
            throw new UncheckedIOException(CLASSPATH_FILE.toAbsolutePath()
                    + " is missing: the build's generate-test-resources phase writes it (run the tests through Maven)", e);
        }
    }

    /** A KRaft cluster id: 16 random bytes in URL-safe base64 without padding, as Kafka's Uuid prints them. */
    /** A random id in Kafka's form; never one starting with '-', which the format command would take for an option. */
    private static String clusterId() {
        while (true) {
            UUID u = UUID.randomUUID();
            ByteBuffer b = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                    .putLong(u.getLeastSignificantBits());
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

}
