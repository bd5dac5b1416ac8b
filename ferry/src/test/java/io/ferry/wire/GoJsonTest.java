package io.ferry.wire;

import io.ferry.wire.ByteSink;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Strings escaped as Go's encoding/json escapes them, and the writer's commas. */
class GoJsonTest {

    private static String json(java.util.function.Consumer<GoJson> write) {
        ByteSink out = new ByteSink(64);
        write.accept(new GoJson(out));
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void escapesAsGoDoes() {
        assertThat(json(j -> j.value("a\"b\\c/d'é"))).isEqualTo("\"a\\\"b\\\\c/d'é\"");
        assertThat(json(j -> j.value("<script>&</script>"))).isEqualTo("\"\\u003cscript\\u003e\\u0026\\u003c/script\\u003e\"");
        assertThat(json(j -> j.value("\n\r\t\b\f\u0001\u001f\u007f"))).isEqualTo("\"\\n\\r\\t\\b\\f\\u0001\\u001f\u007f\"");
        assertThat(json(j -> j.value("\u2028\u2029"))).isEqualTo("\"\\u2028\\u2029\"");
        assertThat(json(j -> j.value("\uD83D\uDE00 \uD83D x\uDE00"))).isEqualTo("\"\uD83D\uDE00 \\ufffd x\\ufffd\"");
    }

    @Test
    void placesCommas() {
        assertThat(json(j -> j.beginObject().name("a").beginArray().value(1).value(true).beginArray().endArray()
                .endArray().name("b").beginObject().endObject().name("c").value("x").endObject()))
                .isEqualTo("{\"a\":[1,true,[]],\"b\":{},\"c\":\"x\"}");
    }
}
