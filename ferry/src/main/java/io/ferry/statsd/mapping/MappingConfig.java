package io.ferry.statsd.mapping;

import io.ferry.statsd.mapping.internal.MappingFileReader;
import io.ferry.statsd.mapping.internal.Rule;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * statsd_exporter's mapping file ({@code --statsd.mapping-config}), read and checked; a
 * {@link Mapper} applies it.
 *
 * <pre>{@code
 * MappingConfig config = MappingConfig.load(Path.of("statsd_mapping.yml"));
 * Mapper mapper = new Mapper(config, 10_000);
 * }</pre>
 *
 * <p>The file is read as statsd_exporter reads it ({@code yaml.UnmarshalStrict}): an unknown key, a
 * bad value, a glob or regex that statsd_exporter would refuse is a {@link MappingException}
 * naming the file, the line and the key. The keys statsd_exporter has removed ({@code timer_type},
 * and {@code buckets} and {@code quantiles} outside the option blocks) are refused with a hint to
 * their replacement. Beyond statsd_exporter, a negative {@code ttl} or {@code max_age}, histogram
 * buckets out of order (on which client_golang panics), a quantile or error outside [0, 1], a
 * quantile listed twice and a scale that is not finite are refused too.
 *
 * <p>Defaults are inherited field by field: a mapping's empty {@code match_type} or
 * {@code observer_type} takes the defaults', and so do each summary option left out or 0, histogram
 * buckets left out, a native bucket factor or bucket count of 0, and a {@code ttl} of 0. Once a
 * file is read, the defaults themselves fall back to client_golang's: {@code DefBuckets}, native
 * factor 1.1 and 256 native buckets, quantiles 0.5/0.05, 0.9/0.01, 0.99/0.001, 10m, 5 and 500.
 * With no file at all ({@link #EMPTY}) observers are summaries and histograms have no native
 * buckets, as statsd_exporter has it.
 *
 * <p>Immutable and thread-safe.
 */
public final class MappingConfig {
    /** No mapping file: every name is unmapped; summaries, no native histograms, no ttl. */
    public static final MappingConfig EMPTY = new MappingConfig(
            new MappingFileReader.Result(MappingFileReader.NO_FILE, false, List.of()));

    private final MappingFileReader.Result file;

    private MappingConfig(MappingFileReader.Result file) {
        this.file = file;
    }

    /**
     * Reads a mapping file's text; {@code fileName} is how errors name it. An empty text is a file
     * with no mappings (whose defaults are those of a file read, unlike {@link #EMPTY}).
     */
    public static MappingConfig parse(String yaml, String fileName) throws MappingException {
        return new MappingConfig(MappingFileReader.read(yaml, fileName));
    }

    /** Reads a mapping file, which must be UTF-8 text. */
    public static MappingConfig load(Path file) throws MappingException, IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (CharacterCodingException e) {
            throw new MappingException(file.toString(), 0, "not UTF-8 text");
        }
        return parse(text, file.toString());
    }

    /** The number of rules under {@code mappings:}. */
    public int mappingCount() {
        return file.rules().size();
    }

    /** Whether {@code defaults.glob_disable_ordering} is set: a literal segment beats {@code *}, not the first rule. */
    public boolean globOrderingDisabled() {
        return file.globOrderingDisabled();
    }

    /** What a name no rule matches gets, with {@code mapped() == false}; its name is filled in by the {@link Mapper}. */
    Mapping unmapped() {
        return file.defaults();
    }

    /** The rules, in file order. */
    List<Rule> rules() {
        return file.rules();
    }
}
