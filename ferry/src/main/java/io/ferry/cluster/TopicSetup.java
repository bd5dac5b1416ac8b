package io.ferry.cluster;

import io.ferry.log.Log;
import io.ferry.log.Logger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the cluster's topics when they are absent, as the first member to start finds them:
 * the state topic ({@code cleanup.policy=delete}, kept for a year: snapshots make replay short, the
 * log stays the record), the snapshots topic ({@code cleanup.policy=compact}) and the shards topic
 * (no records; its {@code shards} partitions are the shards). With a replication factor of 3 or
 * more, {@code min.insync.replicas} is 2. A topic another member created at the same moment is fine.
 *
 * <pre>{@code
 * TopicSetup.ensure(admin, options, Duration.ofSeconds(30));
 * }</pre>
 */
public final class TopicSetup {
    private static final Logger LOG = Log.logger();
    private static final String YEAR_MS = Long.toString(Duration.ofDays(365).toMillis());

    private TopicSetup() {
    }

    /** Creates the missing topics; existing ones are left as they are (their partition counts included). */
    public static void ensure(Admin admin, ClusterOptions options, Duration timeout) throws IOException {
        ClusterOptions.Topics t = options.topics();
        Set<String> existing;
        try {
            existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot list Kafka's topics at " + options.bootstrapServers() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        List<NewTopic> missing = new ArrayList<>();
        addIfMissing(missing, existing, options, t.state(), options.partitions(),
                Map.of("cleanup.policy", "delete", "retention.ms", YEAR_MS));
        addIfMissing(missing, existing, options, t.snapshots(), options.partitions(), Map.of("cleanup.policy", "compact"));
        addIfMissing(missing, existing, options, t.shards(), options.shards(), Map.of());
        for (var created : admin.createTopics(missing).values().entrySet()) {
            try {
                created.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                LOG.info("created a Kafka topic", "topic", created.getKey());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IOException("cannot create the topic " + created.getKey() + ": " + e.getCause(), e);
                }
            } catch (TimeoutException e) {
                throw new IOException("creating the topic " + created.getKey() + " timed out", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    private static void addIfMissing(List<NewTopic> out, Set<String> existing, ClusterOptions o, String name,
                                     int partitions, Map<String, String> configs) {
        if (existing.contains(name)) {
            return;
        }
        Map<String, String> c = new java.util.HashMap<>(configs);
        if (o.replicationFactor() >= 3) {
            c.put("min.insync.replicas", "2");
        }
        out.add(new NewTopic(name, partitions, (short) o.replicationFactor()).configs(c));
    }
}
