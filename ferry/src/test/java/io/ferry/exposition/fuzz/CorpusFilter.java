package io.ferry.exposition.fuzz;

import io.ferry.exposition.ExpositionFormat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Moves the inputs that fail {@link FuzzChecks} out of a corpus directory, so that a corpus grown
 * while known findings were still open (the fuzzer keeps going past them) can be committed without
 * breaking {@code mvn test}. Used by {@code bench/fuzz.sh TARGET merge}.
 *
 * <pre>
 * java -cp ... io.ferry.exposition.fuzz.CorpusFilter PROMETHEUS_TEXT CORPUS_DIR FINDINGS_DIR
 * </pre>
 */
public final class CorpusFilter {
    private CorpusFilter() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: CorpusFilter FORMAT CORPUS_DIR FINDINGS_DIR");
            System.exit(2);
        }
        ExpositionFormat format = ExpositionFormat.valueOf(args[0]);
        Path corpus = Path.of(args[1]);
        Path findings = Path.of(args[2]);
        Files.createDirectories(findings);
        List<Path> files;
        try (Stream<Path> s = Files.list(corpus)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        int failed = 0;
        for (Path f : files) {
            try {
                FuzzChecks.check(format, Files.readAllBytes(f));
            } catch (Throwable t) {
                failed++;
                Path to = findings.resolve("failing-" + f.getFileName());
                Files.move(f, to, StandardCopyOption.REPLACE_EXISTING);
                String message = String.valueOf(t).lines().findFirst().orElse("");
                System.err.println("moved " + f.getFileName() + " to " + to + ": " + message);
            }
        }
        System.err.println(format + ": " + (files.size() - failed) + " inputs pass, " + failed + " moved to "
                + findings);
    }
}
