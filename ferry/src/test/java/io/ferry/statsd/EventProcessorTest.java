package io.ferry.statsd;

import io.ferry.model.Labels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** How the event's tags and the mapping's labels combine (statsd_exporter's honor_labels). */
class EventProcessorTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "mapping labels overwrite tags; env=tag,a=1; env=mapping,b=2; false; a=1,b=2,env=mapping",
            "honor_labels: tags win; env=tag,a=1; env=mapping,b=2; true; a=1,b=2,env=tag",
            "no mapping labels; env=tag; ; false; env=tag",
            "no tags; ; env=mapping; true; env=mapping",
    })
    void merge(String name, String tags, String mapping, boolean honor, String want) {
        assertThat(EventProcessor.merge(labels(tags), labels(mapping), honor)).isEqualTo(labels(want));
    }

    private static Labels labels(String pairs) {
        Labels.Builder b = Labels.builder();
        if (pairs != null) {
            for (String p : pairs.split(",")) {
                String[] kv = p.split("=");
                b.add(kv[0], kv[1]);
            }
        }
        return b.build();
    }
}
