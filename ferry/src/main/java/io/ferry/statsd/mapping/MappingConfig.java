package io.ferry.statsd.mapping;

import java.io.IOException;
import java.nio.file.Path;

/** Placeholder with the contract's shape until statsd-mapping lands. */
public final class MappingConfig {
    public static final MappingConfig EMPTY = new MappingConfig();

    public static MappingConfig parse(String yaml, String fileName) throws MappingException {
        throw new MappingException(fileName + ": statsd-mapping has not landed");
    }

    public static MappingConfig load(Path file) throws MappingException, IOException {
        return parse(java.nio.file.Files.readString(file), file.toString());
    }
}
