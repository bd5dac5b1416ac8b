package io.ferry.statsd.line;

/**
 * Go's {@code utf8.Valid} over bytes: no stray continuation bytes, no overlong forms, no
 * surrogates, nothing above U+10FFFF. statsd_exporter drops a whole line that fails it.
 */
final class Utf8 {
    private Utf8() {
    }

    static boolean isValid(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int c = b[i];
            if (c >= 0) {
                i++;
                continue;
            }
            c &= 0xFF;
            int need;
            int lowerSecond = 0x80;
            int upperSecond = 0xBF;
            if (c >= 0xC2 && c <= 0xDF) {
                need = 1;
            } else if (c >= 0xE0 && c <= 0xEF) {
                need = 2;
                if (c == 0xE0) {
                    lowerSecond = 0xA0; // overlong
                } else if (c == 0xED) {
                    upperSecond = 0x9F; // surrogates
                }
            } else if (c >= 0xF0 && c <= 0xF4) {
                need = 3;
                if (c == 0xF0) {
                    lowerSecond = 0x90; // overlong
                } else if (c == 0xF4) {
                    upperSecond = 0x8F; // above U+10FFFF
                }
            } else {
                return false;
            }
            if (i + need >= to) {
                return false;
            }
            int second = b[i + 1] & 0xFF;
            if (second < lowerSecond || second > upperSecond) {
                return false;
            }
            for (int k = 2; k <= need; k++) {
                if ((b[i + k] & 0xC0) != 0x80) {
                    return false;
                }
            }
            i += need + 1;
        }
        return true;
    }
}
