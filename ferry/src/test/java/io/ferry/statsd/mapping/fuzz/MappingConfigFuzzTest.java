package io.ferry.statsd.mapping.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ferry.statsd.line.MetricKind;
import io.ferry.statsd.mapping.Mapper;
import io.ferry.statsd.mapping.Mapping;
import io.ferry.statsd.mapping.MappingConfig;
import io.ferry.statsd.mapping.MappingException;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the StatsD mapping file reader ({@code --statsd.mapping-config}): any text either reads or
 * is refused with a {@link MappingException} naming the file; nothing else escapes. A file that
 * reads gives a {@link Mapper} that answers every name with a mapping (never null, never an
 * exception), the same answer from its cache, for names taken from the input's own lines. Without
 * {@code JAZZER_FUZZ} this replays {@code MappingConfigFuzzTestInputs/fuzz}; see
 * {@code docs/fuzzing.md}.
 */
class MappingConfigFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void fuzz(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        MappingConfig config;
        try {
            config = MappingConfig.parse(text, "mapping.yml");
        } catch (MappingException e) {
            assertThat(e.getMessage()).startsWith("mapping.yml");
            return;
        }
        Mapper mapper = new Mapper(config, 8);
        assertThat(mapper.mappingCount()).isEqualTo(config.mappingCount());
        String[] names = text.split("[\\s:\"'{}\\[\\],]+", 32);
        for (String name : names) {
            for (MetricKind kind : MetricKind.values()) {
                Mapping m = mapper.map(name, kind);
                assertThat(m).isNotNull();
                assertThat(m.name()).isNotNull();
                assertThat(m.labels()).isNotNull();
                assertThat(m.mapped() || m.name().equals(name)).isTrue();
                assertThat(mapper.map(name, kind)).isEqualTo(m);
            }
        }
    }
}
