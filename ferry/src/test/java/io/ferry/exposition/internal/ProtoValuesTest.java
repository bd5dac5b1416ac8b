package io.ferry.exposition.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProtoValuesTest {

    @Test
    void unsignedToDouble() {
        assertThat(ProtoValues.unsignedToDouble(0)).isZero();
        assertThat(ProtoValues.unsignedToDouble(Long.MAX_VALUE)).isEqualTo(0x1p63);
        assertThat(ProtoValues.unsignedToDouble(Long.MIN_VALUE)).isEqualTo(0x1p63);
        assertThat(ProtoValues.unsignedToDouble(-1L)).isEqualTo(0x1p64);
        // Doubles near 2^63 are 2048 apart. 2^63 + 1025 lies just past the midpoint and must round
        // up, which halving without keeping the low bit would get wrong; the midpoint itself ties to even.
        assertThat(ProtoValues.unsignedToDouble(Long.MIN_VALUE + 1025)).isEqualTo(0x1p63 + 2048);
        assertThat(ProtoValues.unsignedToDouble(Long.MIN_VALUE + 1024)).isEqualTo(0x1p63);
    }

    @Test
    void fitsUInt64() {
        assertThat(ProtoValues.fitsUInt64(0)).isTrue();
        assertThat(ProtoValues.fitsUInt64(-0.0)).isTrue();
        assertThat(ProtoValues.fitsUInt64(0x1p63 - 1024)).isTrue();
        assertThat(ProtoValues.fitsUInt64(0x1p63)).isFalse();
        assertThat(ProtoValues.fitsUInt64(1.5)).isFalse();
        assertThat(ProtoValues.fitsUInt64(-1)).isFalse();
        assertThat(ProtoValues.fitsUInt64(Double.NaN)).isFalse();
        assertThat(ProtoValues.fitsUInt64(Double.POSITIVE_INFINITY)).isFalse();
    }

    @Test
    void toUInt64Saturated() {
        assertThat(ProtoValues.toUInt64Saturated(2.5)).isEqualTo(3);
        assertThat(ProtoValues.toUInt64Saturated(-7)).isZero();
        assertThat(ProtoValues.toUInt64Saturated(Double.NaN)).isZero();
        assertThat(ProtoValues.toUInt64Saturated(0x1p63)).isEqualTo(Long.MIN_VALUE);
        assertThat(ProtoValues.toUInt64Saturated(0x1p64)).isEqualTo(-1L);
        assertThat(ProtoValues.toUInt64Saturated(Double.POSITIVE_INFINITY)).isEqualTo(-1L);
    }

    @Test
    void timestampSplitAndJoin() {
        assertThat(ProtoValues.timestampSeconds(1700000000.5)).isEqualTo(1700000000L);
        assertThat(ProtoValues.timestampNanos(1700000000.5)).isEqualTo(500_000_000);
        assertThat(ProtoValues.timestampSeconds(-0.001)).isEqualTo(-1L);
        assertThat(ProtoValues.timestampNanos(-0.001)).isEqualTo(999_000_000);
        // Not whole milliseconds: nanosecond resolution.
        assertThat(ProtoValues.timestampSeconds(2.0000000015)).isEqualTo(2L);
        assertThat(ProtoValues.timestampNanos(2.0000000015)).isEqualTo(2);
        assertThat(ProtoValues.timestampNanos(2.9999999999)).isZero();
        assertThat(ProtoValues.timestampSeconds(2.9999999999)).isEqualTo(3L);
        assertThat(ProtoValues.timestampToSeconds(1, 1)).isEqualTo(1.000000001);
        assertThat(ProtoValues.timestampToSeconds(-1, 999_000_000)).isEqualTo(-0.001);
        assertThat(ProtoValues.timestampToMillis(-1, 999_999_999)).isEqualTo(-1L);
    }
}
