package io.ferry.config;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A config file that cannot be used. The message names the file, the line and the key, as in
 * {@code ferry.yml:4: unknown key "pth" in storage (allowed: path)}, so it can be
 * printed as is. One exception may carry several {@link #problems()} (a bad key in two sections,
 * say): its message is then one such line per problem, in line order.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final List<ConfigException> problems;

    /**
     * @param file   the file as the user named it
     * @param line   1-based line, or 0 when the problem is the file as a whole
     * @param reason what is wrong, naming the key
     */
    public ConfigException(String file, int line, String reason) {
        super(line > 0 ? file + ":" + line + ": " + reason : file + ": " + reason);
        this.file = file;
        this.line = line;
        this.problems = List.of(this);
    }

    private ConfigException(List<ConfigException> sorted) {
        super(String.join("\n", sorted.stream().map(Throwable::getMessage).toList()));
        this.file = sorted.getFirst().file;
        this.line = sorted.getFirst().line;
        this.problems = sorted;
    }

    /**
     * {@code several} (at least one) as one exception, in line order, each distinct problem once;
     * file and line are the first's.
     */
    static ConfigException of(List<ConfigException> several) {
        // A section read twice (web: for its settings and for its web config file) reports once.
        Map<String, ConfigException> distinct = new LinkedHashMap<>();
        several.stream().flatMap(e -> e.problems.stream()).forEach(e -> distinct.putIfAbsent(e.getMessage(), e));
        List<ConfigException> all = distinct.values().stream().sorted(Comparator.comparingInt(ConfigException::line)).toList();
        return all.size() == 1 ? all.getFirst() : new ConfigException(all);
    }

    /** Each problem found, in line order: this one alone, or those it was made of. */
    public List<ConfigException> problems() {
        return problems;
    }

    public String file() {
        return file;
    }

    /** 1-based line of the problem, or 0 when it concerns the whole file. */
    public int line() {
        return line;
    }
}
