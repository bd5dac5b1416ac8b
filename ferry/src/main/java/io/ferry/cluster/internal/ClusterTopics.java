package io.ferry.cluster.internal;

import io.ferry.cluster.ClusterOptions;
import io.ferry.log.Log;
import io.ferry.log.Logger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The cluster's topics as the first member creates them (docs/cluster.md, "Topics"), and their
 * creation: each part of a member makes sure of the topics it uses, by this one recipe.
 *
 * <pre>{@code
 * ClusterTopics.createAbsent(admin, options, List.of(ClusterTopics.state(options), ClusterTopics.snapshots(options)));
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class ClusterTopics {
    /** How long Kafka has to create the topics, or to say they exist. */
    public static final Duration SETUP_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = Log.logger().with("component", "cluster");

    /**
     * The largest record the state and snapshots topics take, and the producer sends, uncompressed: a
     * push Ferry takes alone ({@code push.limits.max_body_bytes}, 16 MiB of text at most by default)
     * encodes to less. Kafka's default of 1 MiB would refuse in the cluster what one server takes.
     */
    public static final int MAX_RECORD_BYTES = 64 << 20;

    private ClusterTopics() {
    }

    /** Every mutation of the push state: kept ({@code retention.ms=-1}) until snapshots make its head unneeded. */
    public static NewTopic state(ClusterOptions options) {
        Map<String, String> configs = durable(options);
        configs.put("cleanup.policy", "delete");
        configs.put("retention.ms", "-1");
        return new NewTopic(options.topics().state(), options.partitions(), (short) options.replicationFactor())
                .configs(configs);
    }

    /** Each group's last snapshot: compacted, as many partitions as the state topic. */
    public static NewTopic snapshots(ClusterOptions options) {
        Map<String, String> configs = durable(options);
        configs.put("cleanup.policy", "compact");
        return new NewTopic(options.topics().snapshots(), options.partitions(), (short) options.replicationFactor())
                .configs(configs);
    }

    /** The shards: no records, its partitions are what the ownership group divides. */
    public static NewTopic shards(ClusterOptions options) {
        return new NewTopic(options.topics().shards(), options.shards(), (short) options.replicationFactor());
    }

    /**
     * {@code min.insync.replicas} 2 when there are 3 replicas or more: one broker may fail, no
     * acknowledged write is lost; and records up to {@link #MAX_RECORD_BYTES}.
     */
    private static Map<String, String> durable(ClusterOptions options) {
        Map<String, String> configs = new HashMap<>();
        configs.put("max.message.bytes", Integer.toString(MAX_RECORD_BYTES));
        if (options.replicationFactor() >= 3) {
            configs.put("min.insync.replicas", "2");
        }
        return configs;
    }

    /**
     * Checks that each of {@code topics} has the partitions its recipe asks for: a topic keeps the
     * count it was created with, and a member reckoning with another would own, scrape and forward
     * for shards or partitions that are not there, while no member does for the rest.
     *
     * @param key the setting the count comes from ({@code cluster.partitions}, {@code cluster.shards})
     * @throws IOException naming the topic, both counts and the setting, or when Kafka does not answer
     */
    public static void checkPartitions(Admin admin, ClusterOptions options, List<NewTopic> topics, String key)
            throws IOException {
        long deadline = System.nanoTime() + SETUP_TIMEOUT.toNanos();
        for (NewTopic t : topics) {
            int found = describedPartitions(admin, options, t.name(), deadline);
            if (found != t.numPartitions()) {
                throw new IOException("the topic " + t.name() + " has " + found + " partitions and " + key + " is "
                        + t.numPartitions() + ": a topic keeps the partitions it was created with, so set " + key
                        + ": " + found + " on every member");
            }
        }
    }

    /**
     * Warns for each of {@code topics} that takes smaller records than {@link #MAX_RECORD_BYTES}
     * (made by hand, or by an older Ferry): larger pushes are refused (413) there. Kafka not
     * answering is no reason to warn: the checks before this one report it.
     */
    public static void warnSmallRecordLimit(Admin admin, List<NewTopic> topics) {
        List<ConfigResource> resources = topics.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name())).toList();
        try {
            admin.describeConfigs(resources).all().get(SETUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS).forEach((r, c) -> {
                ConfigEntry e = c.get("max.message.bytes");
                if (e != null && e.value() != null && Long.parseLong(e.value()) < MAX_RECORD_BYTES) {
                    LOG.warn("this topic takes records up to max.message.bytes; pushes whose record is larger are "
                            + "refused (413). Raise it to take what one server takes", "topic", r.name(),
                            "max_message_bytes", e.value(), "wanted", MAX_RECORD_BYTES);
                }
            });
        } catch (ExecutionException | TimeoutException | NumberFormatException e) {
            LOG.debug("could not read the topics' max.message.bytes", "err", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int describedPartitions(Admin admin, ClusterOptions options, String topic, long deadline)
            throws IOException {
        try {
            while (true) {
                try {
                    return admin.describeTopics(List.of(topic)).allTopicNames()
                            .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS).get(topic)
                            .partitions().size();
                } catch (ExecutionException e) {
                    if (System.nanoTime() - deadline > 0) {
                        throw new IOException("cannot read the topic " + topic + " on " + options.bootstrapServers()
                                + ": " + e.getCause().getMessage(), e.getCause());
                    }
                }
                Thread.sleep(200); // a topic just created may take a moment to be described
            }
        } catch (TimeoutException e) {
            throw new IOException("Kafka at " + options.bootstrapServers() + " did not answer within "
                    + SETUP_TIMEOUT.toSeconds() + "s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the topic " + topic, e);
        }
    }

    /**
     * Creates each of {@code topics} that does not exist (one another member creates at the same
     * moment is fine; one that exists is used as it is), within {@link #SETUP_TIMEOUT}.
     *
     * @throws IOException when Kafka refuses or does not answer in time
     */
    public static void createAbsent(Admin admin, ClusterOptions options, List<NewTopic> topics) throws IOException {
        long deadline = System.nanoTime() + SETUP_TIMEOUT.toNanos();
        for (NewTopic t : topics) {
            try {
                admin.createTopics(List.of(t)).all().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                LOG.info("created a topic", "topic", t.name(), "partitions", t.numPartitions(), "replication_factor",
                        t.replicationFactor());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IOException("cannot create the topic " + t.name() + " on " + options.bootstrapServers()
                            + ": " + e.getCause().getMessage(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IOException("Kafka at " + options.bootstrapServers() + " did not answer within "
                        + SETUP_TIMEOUT.toSeconds() + "s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while creating the topic " + t.name(), e);
            }
        }
    }
}
