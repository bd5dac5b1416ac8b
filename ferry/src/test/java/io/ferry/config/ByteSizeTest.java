package io.ferry.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ByteSizeTest {

    @Test
    void unitsAreBinaryOrDecimalAsWritten() {
        assertThat(ByteSize.parse("16MiB")).isEqualTo(16L << 20);
        assertThat(ByteSize.parse("512KiB")).isEqualTo(512L << 10);
        assertThat(ByteSize.parse("2GiB")).isEqualTo(2L << 30);
        assertThat(ByteSize.parse("1TiB")).isEqualTo(1L << 40);
        assertThat(ByteSize.parse("3KB")).isEqualTo(3_000);
        assertThat(ByteSize.parse("3kb")).isEqualTo(3_000);
        assertThat(ByteSize.parse("5MB")).isEqualTo(5_000_000);
        assertThat(ByteSize.parse("1GB")).isEqualTo(1_000_000_000);
        assertThat(ByteSize.parse("100")).isEqualTo(100);
        assertThat(ByteSize.parse("100B")).isEqualTo(100);
        assertThat(ByteSize.parse(" 7 MiB ")).isEqualTo(7L << 20);
    }

    @Test
    void formatWritesWhatParseReads() {
        for (long n : new long[]{0, 1, 1000, 1024, 16L << 20, 3L << 30, (5L << 40) + 1}) {
            assertThat(ByteSize.parse(ByteSize.format(n))).isEqualTo(n);
        }
        assertThat(ByteSize.format(16L << 20)).isEqualTo("16MiB");
        assertThat(ByteSize.format(1500)).isEqualTo("1500B");
    }

    @Test
    void errorsSayWhatIsWrong() {
        assertThatThrownBy(() -> ByteSize.parse("MiB")).hasMessageContaining("must start with a whole number");
        assertThatThrownBy(() -> ByteSize.parse("1.5MiB")).hasMessage("size \"1.5MiB\" has an unknown unit \".5MiB\" "
                + "(use B, KiB, MiB, GiB, TiB, KB, MB, GB or TB)");
        assertThatThrownBy(() -> ByteSize.parse("16mib")).hasMessageContaining("unknown unit \"mib\"");
        assertThatThrownBy(() -> ByteSize.parse("99999999999TiB")).hasMessage("size \"99999999999TiB\" is too large");
        assertThatThrownBy(() -> ByteSize.parse("99999999999999999999")).hasMessageContaining("is too large");
        assertThatThrownBy(() -> ByteSize.parse("-1")).hasMessageContaining("must start with a whole number");
    }
}
