package io.ferry.liveness;

import io.ferry.model.Labels;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The anti-patterns the registry points out ({@link Advice}), for push producers, with the
 * thresholds of {@link ProducerRegistry}:
 * <ul>
 *   <li>{@code push_like_a_service}: its events came less than {@link ProducerRegistry#SERVICE_INTERVAL_SECONDS}
 *       apart, without a longer pause, for over {@link ProducerRegistry#SERVICE_RUN_SECONDS}, and still do;</li>
 *   <li>{@code rotating_job_names}: {@link ProducerRegistry#ROTATING_FAMILY} or more job names that
 *       differ only in their digit runs or hex runs of 8 or more ({@link #family});</li>
 *   <li>{@code pushed_and_scraped}: its {@code instance} is an up scrape target's, or its job and
 *       instance host (port ignored) are one up scrape target's. A host alone is not enough: a cron job
 *       on a machine whose node exporter is scraped is the push route's own case, not a service.</li>
 * </ul>
 *
 * <pre>{@code
 * AntiPatterns.family("etl-20261206");   // "etl-#"
 * }</pre>
 */
final class AntiPatterns {
    private static final Pattern VARYING = Pattern.compile("[0-9a-fA-F]{8,}|[0-9]+");

    private AntiPatterns() {
    }

    /** A job name with its varying parts, hex runs of 8 or more and digit runs, replaced by {@code #}. */
    static String family(String job) {
        return VARYING.matcher(job).replaceAll("#");
    }

    /** The host part of an instance: {@code host:port}, {@code [v6]:port} or a bare host. */
    static String host(String instance) {
        if (instance.startsWith("[")) {
            int end = instance.indexOf(']');
            return end < 0 ? instance : instance.substring(1, end);
        }
        int colon = instance.indexOf(':');
        // Two colons or more: a bare IPv6 address, no port.
        return colon < 0 || instance.indexOf(':', colon + 1) >= 0 ? instance : instance.substring(0, colon);
    }

    /** Whether a run of close events that started at {@code runStart} and goes on at {@code last} is a service's. */
    static boolean pushedLikeAService(long runStart, long last, long now) {
        return runStart != ProducerState.NEVER && last - runStart > ProducerRegistry.SERVICE_RUN_SECONDS * 1000
                && now - last < ProducerRegistry.SERVICE_INTERVAL_SECONDS * 1000;
    }

    /** @param everySeconds how often it pushes (learned), or empty */
    static Advice likeAService(java.util.OptionalDouble everySeconds) {
        String every = everySeconds.isPresent() ? Math.round(everySeconds.getAsDouble()) + "s"
                : "<" + ProducerRegistry.SERVICE_INTERVAL_SECONDS + "s";
        return new Advice(Advice.PUSH_LIKE_A_SERVICE, "pushed every " + every
                + " for over an hour: a long-running service is better scraped (scrape_configs) or tunnelled");
    }

    /**
     * The advice each push producer gets from the fleet as a whole, by its labels.
     *
     * @param push   the push producers
     * @param scrape the scrape targets (only the up ones count)
     */
    static Map<Labels, List<Advice>> fleetAdvice(List<ProducerView> push, List<ProducerView> scrape) {
        Map<Labels, List<Advice>> out = new HashMap<>();
        Map<String, Set<String>> jobsByFamily = new HashMap<>();
        for (ProducerView p : push) {
            String family = family(p.job());
            if (!family.equals(p.job())) {
                jobsByFamily.computeIfAbsent(family, f -> new TreeSet<>()).add(p.job());
            }
        }
        // An up target's job by its instance, and by its job and instance host.
        Map<String, String> scrapedBy = new HashMap<>();
        for (ProducerView t : scrape) {
            if (t.health() == Health.UP && !t.instance().isEmpty()) {
                scrapedBy.putIfAbsent(t.instance(), t.job());
                scrapedBy.putIfAbsent(t.job() + "\u0000" + host(t.instance()), t.job());
            }
        }
        for (ProducerView p : push) {
            String family = family(p.job());
            Set<String> jobs = jobsByFamily.get(family);
            if (jobs != null && jobs.size() >= ProducerRegistry.ROTATING_FAMILY) {
                add(out, p, new Advice(Advice.ROTATING_JOB_NAMES, jobs.size() + " job names like " + family
                        + ": keep one job name with the varying part as a label, or delete old groups (push.expire)"));
            }
            String job = p.instance().isEmpty() ? null : scrapedBy.getOrDefault(p.instance(),
                    scrapedBy.get(p.job() + "\u0000" + host(p.instance())));
            if (job != null) {
                add(out, p, new Advice(Advice.PUSHED_AND_SCRAPED, "instance " + p.instance() + " is also scraped by job " + job
                        + ": push only what the scrape cannot see (batch results), or let the scrape carry it"));
            }
        }
        return out;
    }

    private static void add(Map<Labels, List<Advice>> out, ProducerView p, Advice a) {
        out.computeIfAbsent(p.labels(), l -> new ArrayList<>(2)).add(a);
    }
}
