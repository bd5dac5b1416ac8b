package io.ferry.statsd.line;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Go's {@code strconv.ParseFloat(s, 64)}: what it accepts, what it refuses, and Java's extras refused. */
class GoFloatTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0               | 0
            1               | 1
            -2.5            | -2.5
            +3              | 3
            .5              | 0.5
            1.              | 1
            0.0005          | 0.0005
            1e3             | 1000
            1E-3            | 0.001
            1.5e+2          | 150
            007             | 7
            1_000           | 1000
            1_0.2_5         | 10.25
            1e1_0           | 1e10
            0x1p-2          | 0.25
            0X1.8P1         | 3
            0x_1p0          | 1
            0x.8p1          | 1
            -0x1p1          | -2
            123456789012345678901234567890 | 1.2345678901234568e29
            0.1234567890123456789 | 0.12345678901234568
            1e-400          | 0
            4.9e-324        | 4.9e-324
            1.7976931348623157e308 | 1.7976931348623157e308
            inf             | Infinity
            +Inf            | Infinity
            -INFINITY       | -Infinity
            infinity        | Infinity
            """)
    void accepts(String in, double want) {
        assertThat(GoFloat.parse(in)).isEqualTo(want);
    }

    @ParameterizedTest(name = "NaN: {0}")
    @ValueSource(strings = {"nan", "NaN", "NAN"})
    void acceptsNaN(String in) {
        assertThat(GoFloat.parse(in)).isNaN();
    }

    @ParameterizedTest(name = "refuses \"{0}\"")
    @ValueSource(strings = {"", " 1", "1 ", "1d", "1f", "1D", "+", "-", ".", "e5", "1e", "1e+", "1e_5", "1_", "_1",
            "1__0", "1_.5", "1._5", "1_e5", "0x1", "0x1.8", "0xp1", "0x", "0x1p", "0x1g", "+nan", "-NaN", "nan1", "infx",
            "infin", "1.2.3", "1e5.5", "١", "0b101", "0o17", "1,5", "--1", "+-1", "0x1p1_", "Infinity1"})
    void refuses(String in) {
        assertThatThrownBy(() -> GoFloat.parse(in)).isInstanceOf(NumberFormatException.class);
    }

    @ParameterizedTest(name = "out of range: {0}")
    @ValueSource(strings = {"1e309", "-1e400", "0x1p1024", "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792"})
    void refusesOutOfRange(String in) {
        assertThatThrownBy(() -> GoFloat.parse(in)).isInstanceOf(NumberFormatException.class)
                .hasMessageContaining("out of range");
    }

    @ParameterizedTest(name = "-0: {0}")
    @ValueSource(strings = {"-0", "-0.0", "-0e5"})
    void keepsNegativeZero(String in) {
        assertThat(Double.doubleToRawLongBits(GoFloat.parse(in))).isEqualTo(Double.doubleToRawLongBits(-0.0));
    }
}
