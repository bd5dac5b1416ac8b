package io.ferry.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class GlobTest {
    @ParameterizedTest
    @CsvSource({
            "*.site-a, gw.site-a, true",
            "*.site-a, site-a, false",
            "*.site-a, gw.site-b, false",
            "*, '', true",
            "gw, gw, true",
            "gw, gw2, false",
            "backup-*, backup-, true",
            "backup-*, backup, false",
            "a*b*c, aXbYbZc, true",
            "a*b*c, aXbYcZ, false",
            "**, x, true",
    })
    void matchesTheWholeName(String pattern, String name, boolean matches) {
        assertThat(Glob.matches(pattern, name)).isEqualTo(matches);
    }
}
