package io.ferry;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the code true to the package table of {@code docs/architecture.md}: every package of the main
 * code is in the table, depends on exactly the packages its row lists (so the table draws the code as
 * it is), only on packages above it (so there are no cycles), and never reaches into another
 * package's {@code internal}. A dependency is any mention of a class of another package outside
 * comments and strings: an import, a static import or a fully qualified name. Test code is free to
 * use whatever it needs.
 */
class ArchitectureTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Path TABLE = Path.of("../docs/architecture.md");
    /** A mention of a class of Ferry: the package's segments, then a class name or an import's '*'. */
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.ferry((?:\\.[a-z][a-z0-9]*)*)\\.(?:[A-Z]|\\*)");
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([a-z.]+)`\\s*\\|[^|]*\\|([^|]*)\\|\\s*$");

    /** The table's rows in order: a top-level package ("io.ferry" for the root) and what it depends on. */
    private static Map<String, Set<String>> table;
    /** Every mention of another top-level package in the main code, by package, with where it is. */
    private static Map<String, Map<String, List<String>>> uses;
    private static List<String> internalReaches;

    @BeforeAll
    static void read() throws IOException {
        table = readTable();
        uses = new TreeMap<>();
        internalReaches = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                scan(file);
            }
        }
    }

    @Test
    void everyPackageHasARowAndEveryRowAPackage() {
        assertThat(uses.keySet()).as("top-level packages in %s against the rows of %s", SOURCES, TABLE)
                .containsExactlyInAnyOrderElementsOf(table.keySet());
    }

    @Test
    void eachPackageDependsOnExactlyWhatItsRowSays() {
        List<String> wrong = new ArrayList<>();
        for (var row : table.entrySet()) {
            Map<String, List<String>> used = uses.getOrDefault(row.getKey(), Map.of());
            for (var use : used.entrySet()) {
                if (!row.getValue().contains(use.getKey())) {
                    wrong.add(row.getKey() + " must not depend on " + use.getKey() + " (in " + String.join(", ", use.getValue())
                            + "): its row allows " + describe(row.getValue()));
                }
            }
            for (String listed : row.getValue()) {
                if (!used.containsKey(listed)) {
                    wrong.add(row.getKey() + " is listed as depending on " + listed + ", and does not: remove it from the row");
                }
            }
        }
        assertThat(wrong).as("dependencies that differ from %s", TABLE).isEmpty();
    }

    @Test
    void packagesDependOnlyOnRowsAboveThem() {
        List<String> wrong = new ArrayList<>();
        Set<String> above = new LinkedHashSet<>();
        for (var row : table.entrySet()) {
            for (String dependency : row.getValue()) {
                if (!above.contains(dependency)) {
                    wrong.add(row.getKey() + " depends on " + dependency + ", which is not above it");
                }
            }
            above.add(row.getKey());
        }
        assertThat(wrong).as("the rows of %s in dependency order", TABLE).isEmpty();
    }

    @Test
    void nothingReachesIntoAnotherPackagesInternal() {
        assertThat(internalReaches).as("an internal package is used only by the package it belongs to").isEmpty();
    }

    private static Map<String, Set<String>> readTable() throws IOException {
        Map<String, Set<String>> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(TABLE, StandardCharsets.UTF_8)) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                Set<String> dependsOn = new TreeSet<>();
                Matcher name = Pattern.compile("`([a-z.]+)`").matcher(m.group(2));
                while (name.find()) {
                    dependsOn.add(name.group(1));
                }
                assertThat(rows.put(m.group(1), dependsOn)).as("row %s appears once in %s", m.group(1), TABLE).isNull();
            }
        }
        assertThat(rows).as("package rows in %s", TABLE).isNotEmpty();
        return rows;
    }

    private static void scan(Path file) throws IOException {
        String relative = SOURCES.relativize(file).toString().replace('\\', '/');
        String ownPackage = "io.ferry" + packageOf(relative);
        String top = topLevel(packageOf(relative));
        Map<String, List<String>> used = uses.computeIfAbsent(top, k -> new TreeMap<>());
        Matcher m = REFERENCE.matcher(codeOnly(Files.readString(file, StandardCharsets.UTF_8)));
        while (m.find()) {
            String referenced = "io.ferry" + m.group(1);
            String other = topLevel(m.group(1));
            if (!other.equals(top)) {
                List<String> where = used.computeIfAbsent(other, k -> new ArrayList<>());
                if (!where.contains(relative)) {
                    where.add(relative);
                }
            }
            int internal = referenced.indexOf(".internal");
            if (internal >= 0 && !(ownPackage + ".").startsWith(referenced.substring(0, internal) + ".")) {
                internalReaches.add(relative + " uses " + referenced);
            }
        }
    }

    /** ".scrape.discovery" for "io/ferry/scrape/discovery/X.java", "" for the root package. */
    private static String packageOf(String relativePath) {
        String dir = relativePath.substring(0, Math.max(0, relativePath.lastIndexOf('/')));
        return dir.replace('/', '.').substring("io.ferry".length());
    }

    /** The top-level package of ".scrape.discovery" ("scrape"), or "io.ferry" for the root. */
    private static String topLevel(String packageSuffix) {
        if (packageSuffix.isEmpty()) {
            return "io.ferry";
        }
        int dot = packageSuffix.indexOf('.', 1);
        return dot < 0 ? packageSuffix.substring(1) : packageSuffix.substring(1, dot);
    }

    private static String describe(Set<String> dependsOn) {
        return dependsOn.isEmpty() ? "nothing" : String.join(", ", dependsOn);
    }

    /** The source with comments, string and character literals blanked out (text blocks included). */
    static String codeOnly(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                out.append(' ');
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                while (end > 0 && source.charAt(end - 1) == '\\') {
                    end = source.indexOf("\"\"\"", end + 1);
                }
                i = end < 0 ? n : end + 3;
                out.append("\"\"");
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && source.charAt(j) != c && source.charAt(j) != '\n') {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                i = Math.min(n, j + 1);
                out.append(c).append(c);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
