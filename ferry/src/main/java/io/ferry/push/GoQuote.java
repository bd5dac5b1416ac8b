package io.ferry.push;

import java.nio.charset.StandardCharsets;

/**
 * Go's {@code %q} for strings ({@code strconv.Quote}), which the Pushgateway uses in its error
 * texts: double quotes; {@code "} and {@code \} escaped; printable characters (Unicode letters,
 * marks, numbers, punctuation, symbols and the ASCII space) kept; {@code \a \b \f \n \r \t \v};
 * other characters below U+0020 and DEL as {@code \xNN}, the rest as a backslash, {@code u} and
 * four hex digits (or {@code U} and eight); each byte of malformed UTF-8 as {@code \xNN}. Printability comes from the
 * JDK's Unicode tables, which may differ from Go's for characters assigned in between.
 */
final class GoQuote {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private GoQuote() {
    }

    static String quote(String s) {
        return quote(s.getBytes(StandardCharsets.UTF_8));
    }

    static String quote(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length + 2).append('"');
        int i = 0;
        while (i < b.length) {
            int w = runeLength(b, i);
            if (w == 0) {
                hex(sb.append("\\x"), b[i] & 0xff, 2);
                i++;
                continue;
            }
            appendRune(sb, rune(b, i, w));
            i += w;
        }
        return sb.append('"').toString();
    }

    private static void appendRune(StringBuilder sb, int r) {
        if (r == '"' || r == '\\') {
            sb.append('\\').append((char) r);
        } else if (isPrint(r)) {
            sb.appendCodePoint(r);
        } else {
            switch (r) {
                case 0x07 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 0x0b -> sb.append("\\v");
                default -> {
                    if (r < ' ' || r == 0x7f) {
                        hex(sb.append("\\x"), r, 2);
                    } else if (r < 0x10000) {
                        hex(sb.append("\\u"), r, 4);
                    } else {
                        hex(sb.append("\\U"), r, 8);
                    }
                }
            }
        }
    }

    /** Go's {@code strconv.IsPrint}. */
    static boolean isPrint(int r) {
        if (r < 0x100) {
            return r >= 0x20 && r < 0x7f || r >= 0xa1 && r != 0xad;
        }
        return switch (Character.getType(r)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                 Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                 Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                 Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                 Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION,
                 Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                 Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }

    /** Length of the well-formed UTF-8 sequence at {@code i}, or 0 when the byte there starts none. */
    private static int runeLength(byte[] b, int i) {
        int b0 = b[i] & 0xff;
        if (b0 < 0x80) {
            return 1;
        }
        int more;
        int lo = 0x80;
        int hi = 0xbf;
        if (b0 >= 0xc2 && b0 <= 0xdf) {
            more = 1;
        } else if (b0 >= 0xe0 && b0 <= 0xef) {
            more = 2;
            lo = b0 == 0xe0 ? 0xa0 : lo; // no overlong forms
            hi = b0 == 0xed ? 0x9f : hi; // no surrogates
        } else if (b0 >= 0xf0 && b0 <= 0xf4) {
            more = 3;
            lo = b0 == 0xf0 ? 0x90 : lo; // no overlong forms
            hi = b0 == 0xf4 ? 0x8f : hi; // nothing above U+10FFFF
        } else {
            return 0;
        }
        if (i + more >= b.length) {
            return 0;
        }
        int b1 = b[i + 1] & 0xff;
        if (b1 < lo || b1 > hi) {
            return 0;
        }
        for (int k = 2; k <= more; k++) {
            int bk = b[i + k] & 0xff;
            if (bk < 0x80 || bk > 0xbf) {
                return 0;
            }
        }
        return more + 1;
    }

    private static int rune(byte[] b, int i, int w) {
        int b0 = b[i] & 0xff;
        return switch (w) {
            case 1 -> b0;
            case 2 -> (b0 & 0x1f) << 6 | b[i + 1] & 0x3f;
            case 3 -> (b0 & 0x0f) << 12 | (b[i + 1] & 0x3f) << 6 | b[i + 2] & 0x3f;
            default -> (b0 & 0x07) << 18 | (b[i + 1] & 0x3f) << 12 | (b[i + 2] & 0x3f) << 6 | b[i + 3] & 0x3f;
        };
    }

    private static void hex(StringBuilder sb, int v, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            sb.append(HEX[v >> shift & 0xf]);
        }
    }
}
