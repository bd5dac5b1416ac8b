package io.ferry.exposition;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProtobufCountsTest {
    @Test
    void countsGoWhereTheProtobufFormatCarriesThem() {
        assertThat(ProtobufCounts.isInteger(42)).isTrue();
        assertThat(ProtobufCounts.isInteger(1.5)).isFalse();
        assertThat(ProtobufCounts.isInteger(0x1p63)).isFalse();
        assertThat(Long.toUnsignedString(ProtobufCounts.toUInt64(2.5))).isEqualTo("3");
        assertThat(Long.toUnsignedString(ProtobufCounts.toUInt64(Double.POSITIVE_INFINITY)))
                .isEqualTo("18446744073709551615");
    }
}
