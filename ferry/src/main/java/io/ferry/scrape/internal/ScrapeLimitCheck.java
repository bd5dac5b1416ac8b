package io.ferry.scrape.internal;

import io.ferry.model.Labels;
import io.ferry.model.MetricNames;
import io.ferry.scrape.ScrapeLimits;
import io.ferry.wire.ProtoWire;

/**
 * The per-scrape limits a target's samples must keep, with Prometheus' messages: the label limits
 * on each final series ({@code label_limit}, {@code label_name_length_limit},
 * {@code label_value_length_limit}) and {@code sample_limit} on the samples a scrape keeps after
 * relabeling. A limit of {@code 0} is none. Lengths are bytes of UTF-8, as Prometheus counts them.
 *
 * <pre>{@code
 * ScrapeLimitCheck check = new ScrapeLimitCheck(job.limits());
 * String broken = check.series(labels);   // null when within the limits
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ScrapeLimitCheck {
    private final ScrapeLimits limits;

    public ScrapeLimitCheck(ScrapeLimits limits) {
        this.limits = limits;
    }

    /** What a series' final labels break, or null. */
    public String series(Labels s) {
        if (limits.labelLimit() > 0 && s.size() > limits.labelLimit()) {
            return "label_limit exceeded: " + s + " has " + s.size() + " labels, the limit is " + limits.labelLimit();
        }
        for (int i = 0; i < s.size(); i++) {
            if (limits.labelNameLengthLimit() > 0 && ProtoWire.utf8Length(s.name(i)) > limits.labelNameLengthLimit()) {
                return "label_name_length_limit exceeded: label name \"" + s.name(i) + "\" is longer than "
                        + limits.labelNameLengthLimit() + " bytes";
            }
            if (limits.labelValueLengthLimit() > 0 && ProtoWire.utf8Length(s.value(i)) > limits.labelValueLengthLimit()) {
                return "label_value_length_limit exceeded: the value of label \"" + s.name(i) + "\" of "
                        + s.get(MetricNames.NAME_LABEL) + " is longer than " + limits.labelValueLengthLimit()
                        + " bytes";
            }
        }
        return null;
    }

    /** What a scrape that kept {@code samples} samples breaks, or null. */
    public String samples(int samples) {
        if (limits.sampleLimit() > 0 && samples > limits.sampleLimit()) {
            return "sample_limit exceeded: " + samples + " samples, the limit is " + limits.sampleLimit();
        }
        return null;
    }
}
