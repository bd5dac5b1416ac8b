package io.ferry.config;

/**
 * Reads one section of the config file into its record.
 *
 * <p>Contract: call {@link YamlMapping#allowOnly} with every key the section knows, fill each
 * absent key from {@code defaults}, and report every problem as a {@link ConfigException} from
 * {@code section}'s methods so it carries the file, line and key.
 *
 * @param <T> the section's record
 */
@FunctionalInterface
interface SectionReader<T> {
    T read(YamlMapping section, T defaults) throws ConfigException;
}
