package io.ferry.otlp.wire;

import java.util.List;

/** Contract stub (otlp-wire replaces it at merge). */
public final class OtlpJsonDecoder {
    private OtlpJsonDecoder() {
    }

    public static ExportRequest decode(byte[] buf, int off, int len) throws OtlpDecodeException {
        return new ExportRequest(List.of());
    }
}
