package io.ferry.model;

import com.google.protobuf.InvalidProtocolBufferException;
import io.ferry.remotewrite.oracle.RemoteWriteProto;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LabelFieldsTest {
    @Test
    void encodesAsTheLabelFieldsOfARemoteWriteTimeSeries() throws InvalidProtocolBufferException {
        Labels l = Labels.of("__name__", "http_requests_total", "code", "200", "path", "/ünïcode", "empty", "");
        byte[] b = LabelFields.of(l);
        assertThat(b).hasSize(LabelFields.size(l));
        RemoteWriteProto.TimeSeries ts = RemoteWriteProto.TimeSeries.parseFrom(b);
        assertThat(ts.getLabelsList()).extracting(x -> x.getName() + "=" + x.getValue())
                .containsExactly("__name__=http_requests_total", "code=200", "path=/ünïcode");
    }

    @Test
    void decodesBackWithoutTheEmptyValues() {
        Labels l = Labels.of("a", "1", "b", "", "long", "x".repeat(300));
        byte[] b = new byte[LabelFields.size(l) + 5];
        int end = LabelFields.write(l, b, 5);
        assertThat(end).isEqualTo(b.length);
        assertThat(LabelFields.decode(b, 5, end - 5)).isEqualTo(Labels.of("a", "1", "long", "x".repeat(300)));
        assertThat(LabelFields.decode(new byte[0], 0, 0)).isEqualTo(Labels.EMPTY);
    }

    @Test
    void walksTheLabelsAndTheirNames() {
        byte[] b = LabelFields.of(Labels.of("job", "api", "instance", "x".repeat(200)));
        int first = 0;
        int second = LabelFields.next(b, first);
        assertThat(new String(b, LabelFields.nameStart(b, first), LabelFields.nameLength(b, first))).isEqualTo("instance");
        assertThat(new String(b, LabelFields.nameStart(b, second), LabelFields.nameLength(b, second))).isEqualTo("job");
        assertThat(LabelFields.next(b, second)).isEqualTo(b.length);
    }

    @Test
    void rangesCompareAndHashByContent() {
        byte[] a = LabelFields.of(Labels.of("job", "api"));
        byte[] b = new byte[a.length + 3];
        System.arraycopy(a, 0, b, 3, a.length);
        assertThat(LabelFields.equal(a, 0, a.length, b, 3, a.length)).isTrue();
        assertThat(LabelFields.hash(a, 0, a.length)).isEqualTo(LabelFields.hash(b, 3, a.length));
        assertThat(LabelFields.equal(a, 0, a.length, b, 2, a.length)).isFalse();
    }
}
