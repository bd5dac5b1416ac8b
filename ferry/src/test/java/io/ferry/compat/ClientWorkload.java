package io.ferry.compat;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Ferry must serve after a client library pushes the workload both client tests push (a
 * counter of 3, a gauge of 5, a histogram of 0.05, 0.5 and 2, a summary of 512), each family named
 * with the client's prefix ({@code py_}, {@code java_}).
 */
final class ClientWorkload {
    private ClientWorkload() {
    }

    /** After a push (PUT) of the whole workload to the group whose labels are {@code group}. */
    static void assertPushed(String metrics, String prefix, String group) {
        assertThat(metrics)
                .contains("# TYPE " + prefix + "jobs_processed_total counter\n")
                .contains(prefix + "jobs_processed_total{" + group + "} 3\n")
                .contains(prefix + "queue_depth{" + group + "} 5\n")
                .contains("# TYPE " + prefix + "latency_seconds histogram\n")
                .contains(prefix + "latency_seconds_bucket{" + group + ",le=\"0.1\"} 1\n")
                .contains(prefix + "latency_seconds_bucket{" + group + ",le=\"1\"} 2\n")
                .contains(prefix + "latency_seconds_bucket{" + group + ",le=\"+Inf\"} 3\n")
                .contains(prefix + "latency_seconds_sum{" + group + "} 2.55\n")
                .contains(prefix + "latency_seconds_count{" + group + "} 3\n")
                .contains("# TYPE " + prefix + "size_bytes summary\n")
                .contains(prefix + "size_bytes_sum{" + group + "} 512\n")
                .contains(prefix + "size_bytes_count{" + group + "} 1\n")
                .contains("push_failure_time_seconds{" + group + "} 0\n")
                .containsPattern("push_time_seconds\\{" + Pattern.quote(group) + "} 1\\.\\d+e\\+09\n");
    }

    /** After a pushAdd (POST) of a queue depth of 7: the families it does not name are still there. */
    static void assertPushAddKeptTheRest(String metrics, String prefix, String group) {
        assertThat(metrics)
                .contains(prefix + "queue_depth{" + group + "} 7\n")
                .contains(prefix + "jobs_processed_total{" + group + "} 3\n")
                .contains(prefix + "latency_seconds_count{" + group + "} 3\n")
                .contains(prefix + "size_bytes_count{" + group + "} 1\n");
    }
}
