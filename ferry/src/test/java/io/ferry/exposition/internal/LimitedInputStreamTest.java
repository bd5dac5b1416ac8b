package io.ferry.exposition.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;

class LimitedInputStreamTest {

    @Test
    void singleByteReadsStopOneBytePastTheLimit() throws IOException {
        LimitedInputStream in = new LimitedInputStream(new ByteArrayInputStream(new byte[] {1, 2, 3, 4}), 2);
        assertThat(in.read()).isEqualTo(1);
        assertThat(in.read()).isEqualTo(2);
        assertThatThrownBy(in::read).isInstanceOf(LimitedInputStream.LimitExceededException.class)
                .hasMessage("more than 2 bytes");
        assertThat(in.count()).isEqualTo(3);
    }

    @Test
    void aBodyOfExactlyTheLimitReadsToItsEnd() throws IOException {
        LimitedInputStream in = new LimitedInputStream(new ByteArrayInputStream(new byte[] {1, 2, 3}), 3);
        byte[] buf = new byte[10];
        assertThat(in.read(buf, 0, 10)).isEqualTo(3);
        assertThat(in.read(buf, 0, 10)).isEqualTo(-1);
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void bulkReadsAskForNoMoreThanOneBytePastTheLimit() throws IOException {
        ByteArrayInputStream source = new ByteArrayInputStream(new byte[100]);
        LimitedInputStream in = new LimitedInputStream(source, 10);
        assertThatThrownBy(() -> in.read(new byte[64], 0, 64))
                .isInstanceOf(LimitedInputStream.LimitExceededException.class);
        assertThat(source.available()).isEqualTo(89);
        assertThat(in.count()).isEqualTo(11);
    }

    @Test
    void skippedBytesCount() throws IOException {
        LimitedInputStream in = new LimitedInputStream(new ByteArrayInputStream(new byte[100]), 50);
        assertThat(in.skip(40)).isEqualTo(40);
        assertThat(in.count()).isEqualTo(40);
        assertThatThrownBy(() -> in.skip(40)).isInstanceOf(LimitedInputStream.LimitExceededException.class);
    }

    @Test
    void aHugeLimitDoesNotOverflow() throws IOException {
        LimitedInputStream in = new LimitedInputStream(new ByteArrayInputStream(new byte[] {7, 8}), Long.MAX_VALUE);
        byte[] buf = new byte[4];
        assertThat(in.read(buf, 0, 4)).isEqualTo(2);
        assertThat(in.available()).isZero();
    }
}
