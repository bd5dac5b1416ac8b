package io.ferry.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListenAddressTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            ":9091           |          | 9091 | 0.0.0.0   | :9091",
            "127.0.0.1:0     | 127.0.0.1| 0    | 127.0.0.1 | 127.0.0.1:0",
            "localhost:80    | localhost| 80   | localhost | localhost:80",
            "[::1]:9091      | ::1      | 9091 | ::1       | [::1]:9091",
            "[::]:65535      | ::       | 65535| ::        | [::]:65535",
    })
    void parses(String text, String host, int port, String bindHost, String printed) {
        ListenAddress a = ListenAddress.parse(text);
        assertThat(a.host()).isEqualTo(host == null ? "" : host);
        assertThat(a.port()).isEqualTo(port);
        assertThat(a.bindHost()).isEqualTo(bindHost);
        assertThat(a.toString()).isEqualTo(printed);
        assertThat(ListenAddress.parse(a.toString())).isEqualTo(a);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "9091", "::1:9091", "[::1]", "[::1]9091", "[::1:9091", "host:", "host:http",
            ":65536", ":-1", ":123456", "host: 80"})
    void rejects(String text) {
        assertThatThrownBy(() -> ListenAddress.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @org.junit.jupiter.api.Test
    void explainsIpv6Brackets() {
        assertThatThrownBy(() -> ListenAddress.parse("::1:9091")).hasMessageContaining("[::1]:9091");
    }
}
