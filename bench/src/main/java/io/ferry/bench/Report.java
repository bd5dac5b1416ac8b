package io.ferry.bench;

import io.ferry.exposition.ExpositionFormat;
import io.ferry.model.MetricFamily;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a JMH CSV result of {@link ExpositionBenchmark} into a Markdown table of MB/s and ns per
 * sample, against the targets (parse of the text formats at least 300 MB/s, write at least 500 MB/s).
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar ExpositionBenchmark -rf csv -rff /tmp/exposition.csv
 * java -cp bench/target/benchmarks.jar io.ferry.bench.Report /tmp/exposition.csv
 * </pre>
 *
 * <p>Body sizes and the sample count are recomputed from {@link ScrapeBody}, which is deterministic,
 * so they are the ones the benchmark ran on as long as the codecs have not changed in between.
 */
public final class Report {
    static final double PARSE_TARGET_MB_S = 300;
    static final double WRITE_TARGET_MB_S = 500;

    private Report() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: Report RESULT.csv  (from JMH -rf csv -rff RESULT.csv)");
            System.exit(2);
        }
        List<MetricFamily> families = ScrapeBody.families();
        int samples = ScrapeBody.sampleCount(families);
        System.out.printf(Locale.ROOT, "Body: %,d samples; sizes:", samples);
        for (ExpositionFormat f : ExpositionFormat.values()) {
            try {
                System.out.printf(Locale.ROOT, " %s %,d B", f, f.writer().toBytes(families).length);
            } catch (RuntimeException e) {
                System.out.printf(Locale.ROOT, " %s (no writer: %s)", f, e);
            }
        }
        System.out.println();
        System.out.println();
        System.out.println("| format | operation | ops/s (± 99.9% CI) | MB/s | ns/sample | alloc B/op | target | met |");
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |");
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        List<String> header = split(lines.getFirst());
        int iBench = header.indexOf("Benchmark");
        int iScore = header.indexOf("Score");
        int iError = header.indexOf("Score Error (99.9%)");
        int iUnit = header.indexOf("Unit");
        int iFormat = header.indexOf("Param: format");
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> row = split(line);
            if (row.size() >= header.size()) {
                rows.add(row);
            }
        }
        for (List<String> row : rows) {
            String bench = row.get(iBench);
            if (bench.contains(":")) {
                continue; // a profiler's secondary result, shown as a column below
            }
            if (!row.get(iUnit).equals("ops/s")) {
                throw new IllegalArgumentException("expected ops/s, got " + row.get(iUnit));
            }
            String alloc = "—";
            for (List<String> other : rows) {
                if (other.get(iBench).equals(bench + ":gc.alloc.rate.norm")
                        && other.get(iFormat).equals(row.get(iFormat))) {
                    alloc = String.format(Locale.ROOT, "%,.0f", number(other.get(iScore)));
                }
            }
            String op = bench.substring(bench.lastIndexOf('.') + 1);
            ExpositionFormat format = ExpositionFormat.valueOf(row.get(iFormat));
            double score = number(row.get(iScore));
            double error = number(row.get(iError));
            int bytes = format.writer().toBytes(families).length;
            double mbPerSec = score * bytes / 1e6;
            double nsPerSample = 1e9 / score / samples;
            double target = switch (op) {
                case "parse" -> format == ExpositionFormat.PROTOBUF ? Double.NaN : PARSE_TARGET_MB_S;
                case "write" -> WRITE_TARGET_MB_S;
                default -> Double.NaN;
            };
            String targetText = Double.isNaN(target) ? "—" : String.format(Locale.ROOT, "≥ %.0f MB/s", target);
            String met = Double.isNaN(target) ? "—" : mbPerSec >= target ? "yes" : "no";
            System.out.printf(Locale.ROOT, "| %s | %s | %,.1f ± %,.1f | %,.0f | %,.0f | %s | %s | %s |%n",
                    format, op, score, error, mbPerSec, nsPerSample, alloc, targetText, met);
        }
    }

    private static double number(String s) {
        return s.isEmpty() || s.equals("NaN") ? Double.NaN : Double.parseDouble(s.replace(',', '.'));
    }

    /** Splits one CSV line as JMH writes it: comma separated, fields optionally in double quotes. */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        out.add(field.toString());
        return out;
    }
}
