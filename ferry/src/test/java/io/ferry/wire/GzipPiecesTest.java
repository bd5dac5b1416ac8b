package io.ferry.wire;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class GzipPiecesTest {

    @Test
    void piecesPutEndToEndAreOneGzipBodyOfTheirBytes() throws IOException {
        Random random = new Random(7);
        List<byte[]> parts = new ArrayList<>();
        parts.add("# TYPE a gauge\na 1\n".getBytes(StandardCharsets.UTF_8));
        parts.add(new byte[0]);
        byte[] noise = new byte[300_000]; // incompressible: the flush must grow its buffer
        random.nextBytes(noise);
        parts.add(noise);
        parts.add("b{x=\"y\"} 2\n".repeat(20_000).getBytes(StandardCharsets.UTF_8));

        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        GzipPieces.Sum sum = new GzipPieces.Sum();
        Deflater deflater = GzipPieces.deflater();
        body.write(GzipPieces.HEADER);
        for (byte[] p : parts) {
            GzipPieces.Piece piece = GzipPieces.deflate(p, 0, p.length, deflater);
            body.write(piece.deflated());
            sum.add(piece);
            expected.write(p);
        }
        deflater.end();
        body.write(sum.trailer());

        // GZIPInputStream checks the CRC-32 and the length of the trailer against what it inflated.
        byte[] inflated = new GZIPInputStream(new ByteArrayInputStream(body.toByteArray())).readAllBytes();
        assertThat(inflated).isEqualTo(expected.toByteArray());
        assertThat(sum.length()).isEqualTo(expected.size());
        assertThat(sum.crc()).isEqualTo(crc(expected.toByteArray(), 0, expected.size()));
    }

    @Test
    void aPieceIsTheSameWhateverWasDeflatedBeforeIt() {
        byte[] bytes = "c_total 3\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
        Deflater deflater = GzipPieces.deflater();
        byte[] alone = GzipPieces.deflate(bytes, 0, bytes.length, deflater).deflated();
        GzipPieces.deflate("something else entirely\n".getBytes(StandardCharsets.UTF_8), 0, 24, deflater);
        byte[] after = GzipPieces.deflate(bytes, 0, bytes.length, deflater).deflated();
        deflater.end();
        assertThat(after).isEqualTo(alone);
    }

    @Test
    void combinedCrcIsTheCrcOfTheConcatenation() {
        Random random = new Random(11);
        for (int i = 0; i < 200; i++) {
            byte[] all = new byte[random.nextInt(5000)];
            random.nextBytes(all);
            int cut = all.length == 0 ? 0 : random.nextInt(all.length + 1);
            int a = crc(all, 0, cut);
            int b = crc(all, cut, all.length - cut);
            assertThat(GzipPieces.combine(a, b, all.length - cut)).as("cut %d of %d", cut, all.length)
                    .isEqualTo(crc(all, 0, all.length));
        }
    }

    @Test
    void offsetsSelectTheBytesDeflated() throws IOException {
        byte[] bytes = "xxhello\nyy".getBytes(StandardCharsets.UTF_8);
        GzipPieces.Piece piece = GzipPieces.deflate(bytes, 2, 6, GzipPieces.deflater());
        GzipPieces.Sum sum = new GzipPieces.Sum();
        sum.add(piece);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(GzipPieces.HEADER);
        body.write(piece.deflated());
        body.write(sum.trailer());
        assertThat(new GZIPInputStream(new ByteArrayInputStream(body.toByteArray())).readAllBytes())
                .asString(StandardCharsets.UTF_8).isEqualTo("hello\n");
    }

    private static int crc(byte[] b, int off, int len) {
        CRC32 crc = new CRC32();
        crc.update(b, off, len);
        return (int) crc.getValue();
    }
}
