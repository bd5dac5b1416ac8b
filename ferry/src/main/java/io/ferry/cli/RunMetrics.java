package io.ferry.cli;

import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.ValueMetric;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The families {@code ferry run} pushes about a run, named as client_golang's batch job example
 * names them ({@code *_duration_seconds}, {@code *_last_success_timestamp_seconds}) under one
 * prefix, so that one alert rule covers every job by its {@code job} label. All gauges, without
 * labels of their own (the grouping key labels them). Stateless.
 */
final class RunMetrics {
    static final String DURATION = "batch_job_duration_seconds";
    static final String EXIT_CODE = "batch_job_exit_code";
    static final String LAST_COMPLETION = "batch_job_last_completion_timestamp_seconds";
    static final String LAST_SUCCESS = "batch_job_last_success_timestamp_seconds";
    static final String START = "batch_job_start_timestamp_seconds";

    /** Names a textfile must not push: the run's own, and the two the gateway keeps per group. */
    static final Set<String> RESERVED = Set.of(DURATION, EXIT_CODE, LAST_COMPLETION, LAST_SUCCESS, START,
            "push_time_seconds", "push_failure_time_seconds");

    private RunMetrics() {
    }

    /**
     * The families of an ended run. The last success time is there only when {@code exitCode} is 0:
     * a failed run is pushed with POST, which leaves the earlier success time in place.
     */
    static List<MetricFamily> ended(int exitCode, double durationSeconds, double endSeconds) {
        List<MetricFamily> families = new ArrayList<>(4);
        families.add(gauge(DURATION, "Wall-clock seconds the last run of the job took.", durationSeconds));
        families.add(gauge(EXIT_CODE, "Exit code of the last run: 0 success, 128+N killed by signal N, "
                + "126 or 127 could not be started.", exitCode));
        families.add(gauge(LAST_COMPLETION, "Unix time the last run ended, successful or not.", endSeconds));
        if (exitCode == 0) {
            families.add(gauge(LAST_SUCCESS, "Unix time the last successful run ended.", endSeconds));
        }
        return families;
    }

    /** The family pushed when a run starts with --delete-after. */
    static List<MetricFamily> started(double startSeconds) {
        return List.of(gauge(START, "Unix time the run in progress started.", startSeconds));
    }

    private static MetricFamily gauge(String name, String help, double value) {
        return new MetricFamily(name, MetricType.GAUGE, help, null, List.of(ValueMetric.of(Labels.EMPTY, value)));
    }
}
