package io.ferry.exposition;

import io.ferry.model.MetricFamily;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompressionTest {

    @Test
    void gzipBodiesParse() throws Exception {
        byte[] body = gzip("# TYPE m gauge\nm{a=\"b\"} 1\n".getBytes(StandardCharsets.UTF_8));
        var families = new PrometheusTextParser(ParseLimits.DEFAULT)
                .parse(Compression.decode(new ByteArrayInputStream(body), "GZIP"));
        assertThat(families).hasSize(1);
    }

    @Test
    void theBodyLimitCountsDecompressedBytes() throws Exception {
        byte[] bomb = gzip(new byte[50 << 20]); // 50 MiB of zeros, about 50 KiB compressed
        assertThat(bomb.length).isLessThan(100_000);
        ParseLimits limits = new ParseLimits(1 << 20, 1 << 20, 8);
        assertThatThrownBy(() -> new PrometheusTextParser(limits)
                .parse(Compression.decode(new ByteArrayInputStream(bomb), "gzip")))
                .isInstanceOf(ExpositionException.class)
                .hasMessage("body is larger than the limit of 1048576 bytes");
    }

    @Test
    void brokenGzipIsAnExpositionError() {
        assertThatThrownBy(() -> Compression.decode(new ByteArrayInputStream(new byte[] {1, 2, 3}), "gzip"))
                .isInstanceOf(ExpositionException.class).hasMessageStartingWith("the body is not valid gzip");
        byte[] truncated = java.util.Arrays.copyOf(gzipQuietly("m 1\nn 2\n"), 15);
        assertThatThrownBy(() -> new PrometheusTextParser(ParseLimits.DEFAULT)
                .parse(Compression.decode(new ByteArrayInputStream(truncated), "gzip")))
                .isInstanceOf(ExpositionException.class).hasMessageStartingWith("reading the body failed");
    }

    @Test
    void anyNumberOfGzipMembersIsReadInConstantStack() throws Exception {
        // The JDK's reader calls itself once per member that yields nothing: 100,000 overflowed the stack.
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] empty = gzip(new byte[0]);
        for (int i = 0; i < 100_000; i++) {
            body.writeBytes(empty);
        }
        body.writeBytes(gzip("m 1\n".getBytes(StandardCharsets.UTF_8)));
        Object[] outcome = new Object[1];
        Thread reader = new Thread(null, () -> {
            try {
                outcome[0] = new PrometheusTextParser(ParseLimits.DEFAULT)
                        .parse(Compression.decode(new ByteArrayInputStream(body.toByteArray()), "gzip"));
            } catch (Throwable t) {
                outcome[0] = t;
            }
        }, "small stack", 256 << 10);
        reader.start();
        reader.join();
        assertThat(outcome[0]).isInstanceOf(java.util.List.class).asList().hasSize(1);
    }

    @Test
    void trailingGarbageAfterTheGzipDataIsAnError() throws Exception {
        byte[] gzip = gzip("m 1\n".getBytes(StandardCharsets.UTF_8));
        for (byte[] garbage : new byte[][] {{'x'}, "garbage!".getBytes(StandardCharsets.UTF_8), new byte[100]}) {
            byte[] body = java.util.Arrays.copyOf(gzip, gzip.length + garbage.length);
            System.arraycopy(garbage, 0, body, gzip.length, garbage.length);
            assertThatThrownBy(() -> new PrometheusTextParser(ParseLimits.DEFAULT)
                    .parse(Compression.decode(new ByteArrayInputStream(body), "gzip")))
                    .isInstanceOf(ExpositionException.class)
                    .hasMessage("reading the body failed: the body is not valid gzip: trailing garbage after the end "
                            + "of the gzip data, at byte " + gzip.length);
        }
    }

    @Test
    void aTruncatedGzipBodySaysWhereItEnds() throws Exception {
        byte[] gzip = gzip("m 1\nn 2\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> Compression.decode(new ByteArrayInputStream(java.util.Arrays.copyOf(gzip, 5)), "gzip"))
                .isInstanceOf(ExpositionException.class)
                .hasMessage("the body is not valid gzip: truncated, it ends inside a gzip header");
        assertThatThrownBy(() -> Compression.decode(new ByteArrayInputStream(new byte[0]), "gzip"))
                .hasMessage("the body is not valid gzip: truncated, it ends inside a gzip header");
        for (int cut : new int[] {gzip.length - 4, gzip.length - 1}) {
            assertThatThrownBy(() -> new PrometheusTextParser(ParseLimits.DEFAULT)
                    .parse(Compression.decode(new ByteArrayInputStream(java.util.Arrays.copyOf(gzip, cut)), "gzip")))
                    .hasMessage("reading the body failed: the body is not valid gzip: truncated, it ends inside a gzip "
                            + "trailer");
        }
        assertThatThrownBy(() -> new PrometheusTextParser(ParseLimits.DEFAULT)
                .parse(Compression.decode(new ByteArrayInputStream(java.util.Arrays.copyOf(gzip, 12)), "gzip")))
                .hasMessage("reading the body failed: the body is not valid gzip: truncated, it ends inside the "
                        + "compressed data");
    }

    @Test
    void concatenatedMembersAndHeaderFieldsAreRead() throws Exception {
        byte[] first = gzip("m 1\n".getBytes(StandardCharsets.UTF_8));
        byte[] second = gzip("n 2\n".getBytes(StandardCharsets.UTF_8));
        byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        assertThat(Compression.decode(new ByteArrayInputStream(both), "gzip").readAllBytes())
                .isEqualTo("m 1\nn 2\n".getBytes(StandardCharsets.UTF_8));

        // FEXTRA, FNAME, FCOMMENT and FHCRC, as gzip(1) and other writers may set them.
        java.io.ByteArrayOutputStream member = new java.io.ByteArrayOutputStream();
        member.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 4 | 8 | 16 | 2, 0, 0, 0, 0, 0, 3, 2, 0, 'a', 'b'});
        member.writeBytes("name\0comment\0".getBytes(StandardCharsets.US_ASCII));
        java.util.zip.CRC32 headerCrc = new java.util.zip.CRC32();
        headerCrc.update(member.toByteArray());
        member.write((int) headerCrc.getValue());
        member.write((int) (headerCrc.getValue() >> 8));
        member.writeBytes(java.util.Arrays.copyOfRange(first, 10, first.length)); // deflate data and trailer
        assertThat(Compression.decode(new ByteArrayInputStream(member.toByteArray()), "gzip").readAllBytes())
                .isEqualTo("m 1\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aCorruptChecksumIsAnError() throws Exception {
        byte[] gzip = gzip("m 1\n".getBytes(StandardCharsets.UTF_8));
        gzip[gzip.length - 8] ^= 1;
        assertThatThrownBy(() -> Compression.decode(new ByteArrayInputStream(gzip), "gzip").readAllBytes())
                .hasMessage("the body is not valid gzip: its CRC-32 does not match its data");
    }

    /**
     * snappy's framing format, written here by hand from its description (framing_format.txt): the
     * stream identifier, a compressed chunk holding one literal, an uncompressed chunk, each with the
     * masked CRC-32C of its data, as golang/snappy's writer (the Pushgateway's reader) frames them.
     */
    @Test
    void snappyFramedBodiesParse() throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(new byte[] {(byte) 0xff, 6, 0, 0, 's', 'N', 'a', 'P', 'p', 'Y'});
        byte[] first = "m 1\n".getBytes(StandardCharsets.UTF_8);
        byte[] block = {4, (4 - 1) << 2, 'm', ' ', '1', '\n'}; // length 4, then one literal of 4 bytes
        chunk(body, 0x00, first, block);
        byte[] second = "n 2\n".getBytes(StandardCharsets.UTF_8);
        chunk(body, 0x01, second, second);
        var families = new PrometheusTextParser(ParseLimits.DEFAULT)
                .parse(Compression.decode(new ByteArrayInputStream(body.toByteArray()), "Snappy"));
        assertThat(families).extracting(MetricFamily::name).containsExactly("m", "n");

        byte[] corrupt = body.toByteArray();
        corrupt[corrupt.length - 1] ^= 1;
        assertThatThrownBy(() -> Compression.decode(new ByteArrayInputStream(corrupt), "snappy").readAllBytes())
                .hasMessageStartingWith("the body is not valid snappy (framed): ");
        assertThatThrownBy(() -> Compression.decode(new ByteArrayInputStream("m 1\n".getBytes(StandardCharsets.UTF_8)),
                "snappy").readAllBytes()).hasMessageStartingWith("the body is not valid snappy (framed): ");
        // An empty body is an empty stream, as golang/snappy's reader reads it.
        assertThat(Compression.decode(new ByteArrayInputStream(new byte[0]), "snappy").readAllBytes()).isEmpty();
    }

    /**
     * A chunk's declared length is checked against the format's bounds before anything is read or
     * allocated: 14 bytes declaring a 16 MiB chunk once made the library's reader reserve 20 MiB of
     * direct memory per request. Skippable chunks are skipped; reserved unskippable ones refused.
     */
    @Test
    void snappyChunkLengthsAreBoundedAndChunkTypesReadAsGoReadsThem() throws Exception {
        byte[] identifier = {(byte) 0xff, 6, 0, 0, 's', 'N', 'a', 'P', 'p', 'Y'};
        ByteArrayOutputStream huge = new ByteArrayOutputStream();
        huge.write(identifier);
        huge.write(new byte[] {0, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3, 4});
        assertThatThrownBy(() -> Compression.decode(new ByteArrayInputStream(huge.toByteArray()), "snappy").readAllBytes())
                .hasMessageStartingWith("the body is not valid snappy (framed): a chunk of 16777215 bytes at byte 10, "
                        + "outside 4 to ");

        ByteArrayOutputStream skipped = new ByteArrayOutputStream();
        skipped.write(identifier);
        skipped.write(new byte[] {(byte) 0xfe, 3, 0, 0, 9, 9, 9}); // padding
        byte[] data = "m 1\n".getBytes(StandardCharsets.UTF_8);
        chunk(skipped, 0x01, data, data);
        assertThat(Compression.decode(new ByteArrayInputStream(skipped.toByteArray()), "snappy").readAllBytes())
                .isEqualTo(data);

        ByteArrayOutputStream reserved = new ByteArrayOutputStream();
        reserved.write(identifier);
        reserved.write(new byte[] {2, 1, 0, 0, 0});
        assertThatThrownBy(() -> Compression.decode(new ByteArrayInputStream(reserved.toByteArray()), "snappy")
                .readAllBytes()).hasMessage("the body is not valid snappy (framed): a reserved unskippable chunk "
                + "(type 2) at byte 10");
    }

    @Test
    void theBodyLimitCountsSnappyDecompressedBytes() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var s = new org.xerial.snappy.SnappyFramedOutputStream(out)) {
            s.write(new byte[8 << 20]);
        }
        assertThat(out.size()).isLessThan(1 << 20);
        assertThatThrownBy(() -> new PrometheusTextParser(new ParseLimits(1 << 20, 1 << 20, 8))
                .parse(Compression.decode(new ByteArrayInputStream(out.toByteArray()), "snappy")))
                .isInstanceOf(ExpositionException.class).hasMessage("body is larger than the limit of 1048576 bytes");
    }

    /** One chunk: its type, its length (3 bytes, little-endian), the masked CRC-32C of {@code data}, {@code payload}. */
    private static void chunk(ByteArrayOutputStream out, int type, byte[] data, byte[] payload) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(data);
        int c = (int) crc.getValue();
        int masked = ((c >>> 15) | (c << 17)) + 0xa282ead8;
        int length = 4 + payload.length;
        out.write(type);
        out.write(length);
        out.write(length >>> 8);
        out.write(length >>> 16);
        for (int i = 0; i < 4; i++) {
            out.write(masked >>> (8 * i));
        }
        out.write(payload, 0, payload.length);
    }

    @Test
    void otherEncodingsPassThrough() throws Exception {
        var in = new ByteArrayInputStream(new byte[] {'m'});
        assertThat(Compression.decode(in, null)).isSameAs(in);
        assertThat(Compression.decode(in, "identity")).isSameAs(in);
    }

    private static byte[] gzipQuietly(String s) {
        try {
            return gzip(s.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] gzip(byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
