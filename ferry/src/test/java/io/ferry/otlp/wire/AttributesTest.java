package io.ferry.otlp.wire;

import io.ferry.otlp.wire.AnyValues.RawArray;
import io.ferry.otlp.wire.AnyValues.RawKeyValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AttributesTest {

    @Test
    void keepsOrderAndFindsTheFirstOfDuplicates() {
        Attributes a = Attributes.of("b", "1", "a", "2", "b", "3");
        assertThat(a.size()).isEqualTo(3);
        assertThat(a.key(0)).isEqualTo("b");
        assertThat(a.value(2)).isEqualTo("3");
        assertThat(a.get("b")).isEqualTo("1");
        assertThat(a.get("c")).isNull();
        assertThat(a).isEqualTo(Attributes.of("b", "1", "a", "2", "b", "3")).isNotEqualTo(Attributes.of("a", "2"));
        assertThat(a.toString()).isEqualTo("{b=\"1\", a=\"2\", b=\"3\"}");
        assertThat(Attributes.of()).isSameAs(Attributes.EMPTY);
        assertThatThrownBy(() -> a.key(3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Attributes.of("k")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ofCopiesItsArgument() {
        String[] kv = {"k", "v"};
        Attributes a = Attributes.of(kv);
        kv[1] = "changed";
        assertThat(a.get("k")).isEqualTo("v");
    }

    /** Go's encoding/json float64 rendering (pdata's AsString of a double), written down from Go's output. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "0, 0", "-0.0, -0", "1, 1", "-5, -5", "0.1, 0.1", "123456.789, 123456.789", "1e20, 100000000000000000000",
            "1e21, 1e+21", "1.5e300, 1.5e+300", "0.000001, 0.000001", "1e-7, 1e-7", "1.25e-7, 1.25e-7",
            "4.9e-324, 5e-324", "1.7976931348623157e308, 1.7976931348623157e+308", "2.5, 2.5", "100, 100",
            "NaN, NaN", "Infinity, Infinity", "-Infinity, -Infinity",
    })
    void doublesAsGoWritesThem(double v, String expected) {
        assertThat(AnyValues.formatDouble(v)).isEqualTo(expected);
    }

    @Test
    void randomDoublesReadBackFromTheirRendering() {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 100_000; i++) {
            double v = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(v)) {
                String s = AnyValues.formatDouble(v);
                assertThat(Double.parseDouble(s)).as(s).isEqualTo(v);
                assertThat(s).doesNotContain("E").doesNotEndWith(".");
            }
        }
    }

    @Test
    void valuesRenderAsPrometheusTranslatorDoes() {
        assertThat(AnyValues.render(null)).isEmpty();
        assertThat(AnyValues.render("s")).isEqualTo("s");
        assertThat(AnyValues.render(true)).isEqualTo("true");
        assertThat(AnyValues.render(-42L)).isEqualTo("-42");
        assertThat(AnyValues.render(2.5)).isEqualTo("2.5");
        assertThat(AnyValues.render(new byte[] {1, 2, (byte) 0xFF})).isEqualTo("AQL/");
        assertThat(AnyValues.render(new RawArray(list("a", 1L, true, 1.5, null, new byte[] {0})))).isEqualTo("[\"a\",1,true,1.5,null,\"AA==\"]");
        // Go marshals a map with sorted keys, the last of duplicates kept, <>& escaped.
        assertThat(AnyValues.render(new RawKeyValues(list("z", "1", "a", new RawArray(list()), "z", "<&>"))))
                .isEqualTo("{\"a\":[],\"z\":\"\\u003c\\u0026\\u003e\"}");
        assertThat(AnyValues.render(new RawArray(list(1e21, new RawKeyValues(list()))))).isEqualTo("[1e+21,{}]");
    }

    private static List<Object> list(Object... values) {
        return new ArrayList<>(Arrays.asList(values));
    }
}
