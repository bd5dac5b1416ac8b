package io.ferry.wire;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ByteSinkAdvanceTest {

    @Test
    void bytesWrittenIntoTheArrayCountOnceAdvancedAndNeverPastTheRoomMade() {
        ByteSink sink = new ByteSink(2);
        sink.write('a');
        sink.ensure(3);
        byte[] b = sink.array();
        b[1] = 'b';
        b[2] = 'c';
        sink.advance(2);
        assertThat(new String(sink.toByteArray())).isEqualTo("abc");
        assertThatThrownBy(() -> sink.advance(sink.array().length)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> sink.advance(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(sink.size()).isEqualTo(3);
    }

    @Test
    void finishHandsOverTheArrayItselfOnlyWhenTheBytesFillIt() {
        ByteSink full = new ByteSink(16);
        full.write("0123456789abcdef".getBytes());
        assertThat(full.finish()).isSameAs(full.array());

        ByteSink part = new ByteSink(16);
        part.write("0123".getBytes());
        byte[] bytes = part.finish();
        assertThat(bytes).isNotSameAs(part.array()).containsExactly('0', '1', '2', '3');
    }
}
