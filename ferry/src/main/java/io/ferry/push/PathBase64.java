package io.ferry.push;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Base64 as the Pushgateway reads it in push paths: every trailing {@code =} is stripped, then the
 * rest is decoded with the URL-safe alphabet ({@code A-Z a-z 0-9 - _}) and no padding, as Go's
 * {@code base64.RawURLEncoding} does. Like Go's decoder this one skips CR and LF anywhere and
 * ignores the unused low bits of a last partial group; on an error it still returns the bytes of
 * the complete groups before the bad one, which the Pushgateway prints in its job-name error.
 */
final class PathBase64 {
    static final String NOT_UTF8 = "the decoded bytes are not valid UTF-8";

    private PathBase64() {
    }

    /** The decoded bytes and no error, or the bytes decoded before an error and its reason. */
    record Decoded(byte[] bytes, String error) {
    }

    static Decoded decode(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '=') {
            end--;
        }
        byte[] out = new byte[end / 4 * 3 + 2];
        int n = 0;
        int bits = 0;
        int chars = 0;
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') {
                continue;
            }
            int v = sextet(c);
            if (v < 0) {
                return new Decoded(Arrays.copyOf(out, n), illegal(s, i));
            }
            bits = bits << 6 | v;
            if (++chars == 4) {
                out[n++] = (byte) (bits >> 16);
                out[n++] = (byte) (bits >> 8);
                out[n++] = (byte) bits;
                bits = 0;
                chars = 0;
            }
        }
        switch (chars) {
            case 1 -> {
                return new Decoded(Arrays.copyOf(out, n),
                        "a single character left over at the end, too few for a byte (a last group has 2 or 3)");
            }
            case 2 -> out[n++] = (byte) (bits >> 4);
            case 3 -> {
                out[n++] = (byte) (bits >> 10);
                out[n++] = (byte) (bits >> 2);
            }
            default -> {
            }
        }
        return new Decoded(Arrays.copyOf(out, n), null);
    }

    /** {@code value}'s UTF-8 bytes in the URL-safe alphabet without padding; {@code =} for the empty value. */
    static String encode(String value) {
        return value.isEmpty() ? "="
                : Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code bytes} as a string, or null when they are not well-formed UTF-8. */
    static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static int sextet(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '-' ? 62 : c == '_' ? 63 : -1;
    }

    private static String illegal(String s, int i) {
        int cp = s.codePointAt(i);
        String shown = cp > ' ' && cp < 0x7f ? "'" + (char) cp + "'" : String.format("U+%04X", cp);
        String why = switch (cp) {
            case '=' -> "padding may only come at the end";
            case '+', '/' -> "standard base64; the URL-safe alphabet has '-' and '_' instead of '+' and '/'";
            default -> "allowed are A-Z, a-z, 0-9, '-' and '_'";
        };
        return "illegal character " + shown + " at offset " + i + " (" + why + ")";
    }
}
