package io.ferry.otlp;

/**
 * What an acknowledged export answers: the points rejected and why, in English, for the
 * response's {@code partial_success}; {@code rejectedPoints == 0} with an empty message is a full
 * success (the field is then left unset).
 *
 * <pre>{@code
 * ExportResult r = ingest.export(request, AuthScope.ALL).join();
 * byte[] body = OtlpResponses.exportResponseProtobuf(r.rejectedPoints(), r.message());
 * }</pre>
 *
 * @param rejectedPoints the data points not kept
 * @param message        why, a few distinct reasons joined by {@code "; "}; {@code ""} when none
 */
public record ExportResult(long rejectedPoints, String message) {
    public static final ExportResult OK = new ExportResult(0, "");
}
