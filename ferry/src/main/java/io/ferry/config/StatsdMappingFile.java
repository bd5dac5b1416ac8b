package io.ferry.config;

import io.ferry.log.ErrorText;
import io.ferry.statsd.StatsdOptions;
import io.ferry.statsd.mapping.MappingConfig;
import io.ferry.statsd.mapping.MappingException;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * statsd_exporter's mapping file ({@code statsd.mapping_config}, {@code --statsd.mapping-config}),
 * read and checked when the config is read, so that a bad mapping fails the start, a reload
 * ({@code /-/reload}, SIGHUP: nothing changes) and {@code ferry check config} alike.
 *
 * <pre>{@code
 * StatsdOptions o = StatsdMappingFile.load(options, Path.of("mapping.yml"), "--statsd.mapping-config", 0);
 * StatsdMappingFile.isMappingFile(text);   // for ferry check config FILE
 * }</pre>
 */
public final class StatsdMappingFile {
    /** The top-level keys of a mapping file; none of them is a key of ferry.yml. */
    private static final Set<String> TOP_LEVEL = Set.of("defaults", "mappings");

    private StatsdMappingFile() {
    }

    /**
     * {@code options} with the mapping read from {@code file}; a {@link ConfigException} naming the
     * mapping file's own line when it is invalid, or {@code where} (the config file, or the flag)
     * when it cannot be read.
     */
    public static StatsdOptions load(StatsdOptions options, Path file, String where, int line) throws ConfigException {
        return options.withMapping(file, read(file, where, line));
    }

    /** The mapping in {@code file}, checked. */
    public static MappingConfig read(Path file, String where, int line) throws ConfigException {
        try {
            return MappingConfig.load(file);
        } catch (MappingException e) {
            throw new ConfigException(where, line, "invalid StatsD mapping: " + e.getMessage());
        } catch (IOException e) {
            throw new ConfigException(where, line, "cannot read the StatsD mapping file " + file + ": "
                    + ErrorText.reason(e));
        }
    }

    /**
     * The problem of the mapping file {@code file}, as its own message names it (file, line and
     * key), or empty when it is valid: what {@code ferry check config mapping.yml} prints.
     */
    public static Optional<String> check(Path file) {
        try {
            MappingConfig.load(file);
            return Optional.empty();
        } catch (MappingException e) {
            return Optional.of(e.getMessage());
        } catch (IOException e) {
            return Optional.of(file + ": cannot read: " + ErrorText.reason(e));
        }
    }

    /**
     * Whether {@code yaml} is a mapping file rather than a Ferry config: a mapping at the top whose
     * keys are all among statsd_exporter's ({@code defaults}, {@code mappings}).
     */
    public static boolean isMappingFile(String yaml, String fileName) {
        try {
            Optional<Node> root = ConfigLoader.compose(yaml, fileName);
            if (root.isEmpty() || !(root.get() instanceof MappingNode m) || m.getValue().isEmpty()) {
                return false;
            }
            Set<String> keys = new HashSet<>();
            for (NodeTuple t : m.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode k)) {
                    return false;
                }
                keys.add(k.getValue());
            }
            return TOP_LEVEL.containsAll(keys);
        } catch (ConfigException e) {
            return false;
        }
    }
}
