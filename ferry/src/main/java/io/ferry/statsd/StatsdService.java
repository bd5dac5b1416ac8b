package io.ferry.statsd;

import io.ferry.liveness.ProducerRegistry;
import io.ferry.log.Log;
import io.ferry.log.Logger;
import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.ValueMetric;
import io.ferry.statsd.internal.BatchQueue;
import io.ferry.statsd.internal.KernelDrops;
import io.ferry.statsd.internal.ListenerMetrics;
import io.ferry.statsd.internal.PacketBatch;
import io.ferry.statsd.internal.TcpListener;
import io.ferry.statsd.internal.UdpListener;
import io.ferry.statsd.internal.UnixgramListener;
import io.ferry.statsd.internal.WorkerPool;
import io.ferry.statsd.line.LineParser;
import io.ferry.statsd.line.ParseStats;
import io.ferry.statsd.mapping.Mapper;
import io.ferry.statsd.series.SeriesStore;
import io.ferry.telemetry.Counter;
import io.ferry.telemetry.Registry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * StatsD ingestion, running: the listeners, the parse workers, the series store with its expiry
 * tick, and the producers' liveness.
 *
 * <pre>{@code
 * try (StatsdService statsd = StatsdService.start(options, "up", registry, producers, Clock.systemUTC())) {
 *     statsd.udpAddress();     // where to send
 *     statsd.families();       // what /metrics serves from StatsD
 * }
 * }</pre>
 *
 * <p><b>Flow.</b> Listeners only read: UDP readers ({@link StatsdOptions#effectiveUdpReaders()}
 * sockets on one port with SO_REUSEPORT), one virtual thread per TCP connection, one unixgram
 * reader. They hand batches of packets or lines to a queue bounded in bytes; the parse workers
 * ({@link StatsdOptions#effectiveWorkers()}) parse, map and store. No stage is single-threaded
 * but the unixgram reader. A full queue drops UDP and unixgram batches (counted) and makes TCP
 * readers wait.
 *
 * <p><b>Reload.</b> {@link #reload} swaps the mapper (reading a new mapping takes effect from the
 * next event; its cache starts empty) and the producer rules; listeners, limits and the store need
 * a restart. Thread-safe; {@link #close} stops every thread it started.
 */
public final class StatsdService implements AutoCloseable {
    private static final Logger LOG = Log.logger();

    private final SeriesStore store;
    private final StatsdProducers producers;
    private final BatchQueue queue;
    private final LineParser parser;
    private final EventProcessor processor;
    private final ScheduledExecutorService ticker;
    private volatile Mapper mapper;
    private WorkerPool workers;
    private UdpListener udp;
    private TcpListener tcp;
    private UnixgramListener unixgram;

    private StatsdService(StatsdOptions options, String upName, Registry registry, ProducerRegistry liveness,
                          Clock clock) {
        this.store = new SeriesStore(clock, options.maxSeries(), options.setInterval(),
                SeriesStore.DEFAULT_MAX_SET_MEMBERS);
        this.mapper = new Mapper(options.mapping(), options.cacheSize());
        Counter.Child untracked = registry.counter("ferry_statsd_untracked_producer_events_total",
                "StatsD events naming a producer beyond statsd.producers.max_producers, not tracked for liveness.")
                .labels();
        this.producers = new StatsdProducers(upName, options.producers(), liveness, untracked::inc);
        this.queue = new BatchQueue(options.queueMaxBytes());
        ParseStats stats = new ParseStats();
        stats.registerOn(registry);
        this.parser = new LineParser(options.tagStyles(), stats);
        this.processor = new EventProcessor(() -> mapper, store, producers::seen, options.maxLabelsPerSeries(),
                registry);
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform()
                .name("ferry-statsd-expiry").daemon(true).unstarted(r));
        registry.register(this::ownGauges);
        registry.register(() -> List.of(new MetricFamily("ferry_statsd_set_overflows_total", MetricType.COUNTER,
                "StatsD set members not counted because their set already held "
                        + SeriesStore.DEFAULT_MAX_SET_MEMBERS + " in the interval.", null,
                List.of(ValueMetric.of(Labels.EMPTY, store.setOverflows())))));
    }

    /**
     * Starts the workers and the expiry tick and binds the listeners {@code options} names;
     * throws {@link IOException} naming the listener that could not bind, having stopped what it
     * started.
     *
     * @param upName   the name of the producers' liveness series ({@code push.liveness_metric})
     * @param liveness judges the producers ({@link io.ferry.liveness.Route#STATSD})
     */
    public static StatsdService start(StatsdOptions options, String upName, Registry registry,
                                      ProducerRegistry liveness, Clock clock) throws IOException {
        StatsdService s = new StatsdService(options, upName, registry, liveness, clock);
        ListenerMetrics metrics = new ListenerMetrics(registry);
        try {
            s.workers = WorkerPool.start(s.queue, options.effectiveWorkers(), s::handle);
            s.ticker.scheduleAtFixedRate(s::expire, 1, 1, TimeUnit.SECONDS);
            if (options.listenUdp() != null) {
                s.udp = bind("udp", show(options.listenUdp()), () -> UdpListener.open(resolved(options.listenUdp()),
                        options.effectiveUdpReaders(), options.readBuffer(), s.queue, metrics));
                KernelDrops drops = s.udp.kernelDrops();
                if (drops.supported()) {
                    registry.register(() -> List.of(new MetricFamily("ferry_statsd_udp_kernel_drops_total",
                            MetricType.COUNTER, "StatsD UDP datagrams the kernel dropped because a socket's receive "
                            + "buffer was full (the drops column of /proc/net/udp for Ferry's sockets).", null,
                            List.of(ValueMetric.of(Labels.EMPTY, drops.total())))));
                } else {
                    LOG.info("kernel UDP drops are not visible here (no /proc/net/udp): "
                            + "ferry_statsd_udp_kernel_drops_total is not served");
                }
            }
            if (options.listenTcp() != null) {
                s.tcp = bind("tcp", show(options.listenTcp()), () -> TcpListener.open(resolved(options.listenTcp()),
                        new TcpListener.Limits(options.maxTcpConnections(), options.tcpIdleTimeout().toMillis(),
                                options.maxLineBytes()), s.queue, metrics));
            }
            if (options.listenUnixgram() != null) {
                s.unixgram = bind("unixgram", options.listenUnixgram().toString(), () -> UnixgramListener.open(
                        options.listenUnixgram(), options.unixsocketMode(), options.readBuffer(), s.queue, metrics));
            }
        } catch (IOException | RuntimeException | Error e) {
            s.close();
            throw e;
        }
        LOG.info("StatsD listening", "udp", s.udpAddress().map(StatsdService::show).orElse("off"),
                "udp_readers", s.udp == null ? 0 : s.udp.readers(),
                "tcp", s.tcpAddress().map(StatsdService::show).orElse("off"),
                "unixgram", options.listenUnixgram() == null ? "off" : options.listenUnixgram().toString(),
                "workers", options.effectiveWorkers(), "mappings", s.mapper.mappingCount());
        return s;
    }

    /** Opens one listener. */
    private interface Opener<T> {
        T open() throws IOException;
    }

    /** {@code a}, its host name looked up now if the config left it unresolved. */
    private static InetSocketAddress resolved(InetSocketAddress a) throws IOException {
        if (!a.isUnresolved()) {
            return a;
        }
        InetSocketAddress r = new InetSocketAddress(a.getHostString(), a.getPort());
        if (r.isUnresolved()) {
            throw new IOException("cannot resolve host " + a.getHostString());
        }
        return r;
    }

    /** An address as flags write it: {@code :9125} for every interface, {@code [::1]:9125}, {@code 127.0.0.1:9125}. */
    static String show(InetSocketAddress a) {
        if (a.getAddress() == null) {
            return a.getHostString() + ":" + a.getPort();
        }
        if (a.getAddress().isAnyLocalAddress()) {
            return ":" + a.getPort();
        }
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private static <T> T bind(String kind, String address, Opener<T> opener) throws IOException {
        try {
            return opener.open();
        } catch (IOException e) {
            throw new IOException("cannot listen for StatsD on " + kind + " " + address + ": " + e.getMessage(), e);
        }
    }

    /** One batch, on a worker thread. */
    private void handle(PacketBatch b) {
        byte[] data = b.data();
        if (b.framing() == PacketBatch.Framing.PACKETS) {
            int start = 0;
            for (int i = 0; i < b.count(); i++) {
                int end = b.ends()[i];
                parser.parsePacket(data, start, end - start, processor);
                start = end;
            }
            return;
        }
        // Whole lines, each ending in \n; TCP lines lose a \r before it, as statsd_exporter's reader does.
        int len = b.bytes();
        int start = 0;
        for (int i = 0; i < len; i++) {
            if (data[i] == '\n') {
                int end = i > start && data[i - 1] == '\r' ? i - 1 : i;
                parser.parseLine(data, start, end - start, processor);
                start = i + 1;
            }
        }
    }

    private void expire() {
        try {
            store.expire();
        } catch (RuntimeException e) {
            LOG.error("StatsD expiry failed", "err", e);
        }
    }

    /** Gauges of the service's own state. */
    private List<MetricFamily> ownGauges() {
        return List.of(
                gauge("ferry_statsd_queue_bytes", "Bytes read by the StatsD listeners and not yet parsed.",
                        queue.bytes()),
                gauge("ferry_statsd_series", "StatsD series held (statsd.max_series bounds them).",
                        store.seriesCount()),
                gauge("ferry_statsd_loaded_mappings", "Mappings in the StatsD mapping file in effect.",
                        mapper.mappingCount()));
    }

    private static MetricFamily gauge(String name, String help, double value) {
        return new MetricFamily(name, MetricType.GAUGE, help, null, List.of(ValueMetric.of(Labels.EMPTY, value)));
    }

    /**
     * Applies what a reload may change: the mapping (a new {@link Mapper}, its cache empty) and the
     * producer rules. Listeners and limits stay as they started.
     */
    public void reload(StatsdOptions next) {
        mapper = new Mapper(next.mapping(), next.cacheSize());
        producers.rules(next.producers());
        LOG.info("StatsD mapping reloaded", "file", next.mappingFile() == null ? "none" : next.mappingFile().toString(),
                "mappings", mapper.mappingCount());
    }

    /**
     * What {@code /metrics} serves from StatsD: the series (sorted by name) and the producers'
     * {@code up} and last-seen gauges.
     */
    public List<MetricFamily> families() {
        List<MetricFamily> out = new ArrayList<>(store.families());
        out.addAll(producers.families());
        return out;
    }

    /** The UDP address bound (with the port chosen for port 0), when UDP listens. */
    public Optional<InetSocketAddress> udpAddress() {
        return Optional.ofNullable(udp).map(UdpListener::boundAddress);
    }

    /** The TCP address bound, when TCP listens. */
    public Optional<InetSocketAddress> tcpAddress() {
        return Optional.ofNullable(tcp).map(TcpListener::boundAddress);
    }

    /** Stops the listeners, lets the workers parse what was read, then stops them and the expiry tick. */
    @Override
    public void close() {
        if (udp != null) {
            udp.close();
        }
        if (tcp != null) {
            tcp.close();
        }
        if (unixgram != null) {
            unixgram.close();
        }
        if (workers != null) {
            workers.close();
        }
        ticker.shutdownNow();
    }
}
