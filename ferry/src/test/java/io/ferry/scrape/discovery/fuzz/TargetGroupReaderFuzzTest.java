package io.ferry.scrape.discovery.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ferry.model.MetricNames;
import io.ferry.scrape.discovery.TargetGroup;
import io.ferry.scrape.discovery.internal.SdSyntaxException;
import io.ferry.scrape.discovery.internal.TargetGroupReader;

import java.util.List;

/**
 * Fuzzes the file_sd/http_sd list reader ({@link TargetGroupReader#read}) in both formats: it returns
 * groups or throws {@link SdSyntaxException}, nothing else; every group it returns has numbered
 * sources, non-empty addresses, valid label names, and the meta label. The first byte picks the
 * format. Without {@code JAZZER_FUZZ} this replays the committed inputs; {@code bench/fuzz.sh filesd
 * SECONDS} fuzzes it (docs/fuzzing.md).
 */
class TargetGroupReaderFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void fuzz(byte[] data) {
        if (data.length == 0) {
            return;
        }
        TargetGroupReader.Format format = (data[0] & 1) == 0 ? TargetGroupReader.Format.JSON : TargetGroupReader.Format.YAML;
        byte[] body = java.util.Arrays.copyOfRange(data, 1, data.length);
        List<TargetGroup> groups;
        try {
            groups = TargetGroupReader.read(body, format, "f.json", "__meta_filepath", "f.json");
        } catch (SdSyntaxException e) {
            if (e.getMessage() == null || e.getMessage().isEmpty() || e.line() < 0) {
                throw new AssertionError("error without a reason or with a bad line: " + e.getMessage(), e);
            }
            return;
        }
        for (int i = 0; i < groups.size(); i++) {
            TargetGroup g = groups.get(i);
            if (!g.source().equals("f.json:" + i)) {
                throw new AssertionError("group " + i + " has source " + g.source());
            }
            if (!"f.json".equals(g.labels().get("__meta_filepath"))) {
                throw new AssertionError("group " + i + " lacks __meta_filepath: " + g.labels());
            }
            g.labels().forEach((n, v) -> {
                if (!MetricNames.isValidLabelName(n)) {
                    throw new AssertionError("invalid label name " + n);
                }
            });
            g.targets().forEach(t -> {
                String a = t.get("__address__");
                if (a == null || a.isEmpty() || t.size() != 1) {
                    throw new AssertionError("bad target " + t);
                }
            });
        }
    }
}
