package io.ferry.compat;

import io.ferry.exposition.ProtoOracle;
import io.ferry.exposition.internal.proto.ClientModel;

import java.util.ArrayList;
import java.util.List;

import static io.ferry.compat.DifferentialCase.INCONSISTENT;
import static io.ferry.compat.DifferentialCase.PROTOBUF_TYPE;
import static io.ferry.compat.DifferentialCase.named;

/**
 * The cases of {@link PushgatewayDifferentialIT}, one entry each. They follow the conformance
 * checklist of the Pushgateway's own tests (handler_test.go, diskmetricstore_test.go) and the
 * behaviour its code pins down, as far as a running server shows it. Every {@code why} names a
 * documented difference; docs/push.md ("Compatibility tests") lists them.
 */
final class DifferentialCases {
    private DifferentialCases() {
    }

    /** Parse errors: Ferry names the line and the problem in its own words (docs/formats.md). */
    static final String OWN_PARSE_WORDING = "parse errors are Ferry's own wording (docs/formats.md)";
    /** Consistency refusals: the same prefix; then Ferry's sentence instead of client_golang's protobuf dump. */
    static final String OWN_CHECK_WORDING = "after the Pushgateway's prefix, Ferry says what clashes in its "
            + "own sentence instead of client_golang's dump of the metric";
    /** Base64 refusals: the same message up to the reason, which is Ferry's (docs/push.md, Grouping keys). */
    static final String OWN_BASE64_REASON = "the decoder's reason after the colon is Ferry's own (docs/push.md)";

    static final List<DifferentialCase> ALL = List.of(
            // --- PUT, POST, DELETE (diskmetricstore_test.go TestAddDeletePersistRestore, TestReplace) ---
            named("PUT creates a group; instance defaults to empty")
                    .put("/metrics/job/j", "a 1\n")
                    .build(),
            named("PUT replaces the whole group and keeps its timestamps")
                    .put("/metrics/job/j", "a 1\nb 2\n")
                    .put("/metrics/job/j", "a 3\n")
                    .build(),
            named("POST replaces only the families it names, whatever their labels")
                    .put("/metrics/job/j", "a 1\nb{x=\"1\"} 2\nb{x=\"2\"} 2\n")
                    .post("/metrics/job/j", "b{x=\"3\"} 3\nc 4\n")
                    .build(),
            named("PUT with an empty body leaves only the timestamps")
                    .put("/metrics/job/j", "a 1\n")
                    .put("/metrics/job/j", "")
                    .build(),
            named("POST with an empty body only updates the push time")
                    .put("/metrics/job/j", "a 1\n")
                    .post("/metrics/job/j", "")
                    .build(),
            named("an empty first push creates a group of timestamps only")
                    .post("/metrics/job/j/instance/i", "")
                    .build(),
            named("DELETE removes exactly the group of its key")
                    .put("/metrics/job/j", "a 1\n")
                    .put("/metrics/job/j/instance/i", "a 2\n")
                    .put("/metrics/job/j/instance/i/x/y", "a 3\n")
                    .delete("/metrics/job/j")
                    .scrape()
                    .delete("/metrics/job/j/instance/i")
                    .build(),
            named("DELETE of a group that does not exist is accepted")
                    .delete("/metrics/job/nothing/instance/here")
                    .build(),
            named("DELETE with base64 key parts and a body")
                    .put("/metrics/job@base64/dGVzdC9qb2I/instance@base64/dGVzdGluc3RhbmNl", "a 1\n")
                    .send("DELETE", "/metrics/job@base64/dGVzdC9qb2I=/instance@base64/dGVzdGluc3RhbmNl", "ignored".getBytes())
                    .build(),
            named("groups sort by their labels in the scrape")
                    .put("/metrics/job/b", "m{z=\"1\"} 1\n")
                    .put("/metrics/job/a/instance/2", "m 2\n")
                    .put("/metrics/job/a/instance/10", "m 3\n")
                    .put("/metrics/job/a", "m{a=\"x\"} 4\nm{a=\"y\",b=\"z\"} 5\n")
                    .build(),

            // --- Grouping key in the path (handler_test.go TestPush, TestSplitLabels) ---
            named("job@base64, padded and unpadded, decodes to the same job")
                    .put("/metrics/job@base64/dGVzdC9qb2I=", "a 1\n")
                    .post("/metrics/job@base64/dGVzdC9qb2I", "b 2\n")
                    .build(),
            named("base64 label values: a slash inside, padding optional, == accepted")
                    .put("/metrics/job/j/path@base64/L3Zhci90bXA", "a 1\n")
                    .post("/metrics/job/j/path@base64/L3Zhci90bXA=", "b 1\n")
                    .put("/metrics/job/j/path@base64/Lw==", "c 1\n")
                    .put("/metrics/job/j/first@base64/Lw/last@base64/Lw", "d 1\n")
                    // Go's decoder skips CR and LF, and ignores the unused bits of a last group.
                    .put("/metrics/job/k/v@base64/L3Zh%0AcjE", "e 1\n")
                    .put("/metrics/job/k/w@base64/YR", "f 1\n")
                    .build(),
            named("a single = is the empty value, a group other than the one without the label")
                    .put("/metrics/job/j/empty@base64/=", "a 1\n")
                    .put("/metrics/job/j", "b 1\n")
                    .build(),
            named("plain values: percent-encoding is undone, UTF-8 kept, + stays a plus")
                    .put("/metrics/job/a%20b/name/%CE%A0%CF%81%CE%BF/plus/1+2", "a 1\n")
                    .put("/metrics/job/j/eq/abc=/pct/100%25", "b 1\n")
                    .build(),
            named("a job pair in the labels is overwritten by the path's job")
                    .put("/metrics/job/j/job/other", "a 1\n")
                    .build(),
            named("a trailing slash after the job adds no label; after a name it gives the empty value")
                    .put("/metrics/job/j/", "a 1\n")
                    .put("/metrics/job/k/a/", "b 1\n")
                    .build(),
            named("a slash in a plain value makes the count odd, percent-encoded or not")
                    .put("/metrics/job/j/path/var/tmp", "a 1\n")
                    .put("/metrics/job/j/path/var%2Ftmp", "a 1\n")
                    .put("/metrics/job/a%2Fb", "a 1\n")
                    .put("/metrics/job/j/a/b/", "a 1\n")
                    .build(),
            named("improper label names in the path")
                    .put("/metrics/job/j/__reserved/x", "a 1\n")
                    .put("/metrics/job/j/a.b/x", "a 1\n")
                    .put("/metrics/job/j/a@base64@base64/eA", "a 1\n")
                    .put("/metrics/job/j/1a/x", "a 1\n")
                    .put("/metrics/job/j/a@BASE64/eA", "a 1\n")
                    .put("/metrics/job/j/a:b/x", "a 1\n")
                    .build(),
            named("the job is required, also when base64 gives the empty string")
                    .put("/metrics/job@base64/=", "a 1\n")
                    .delete("/metrics/job@base64/")
                    .statusDiffers(404, 400, "the Pushgateway has no route for an empty job segment (docs/push.md)")
                    .build(),
            named("invalid base64 in the job or a value")
                    // Pushgateway 1.5.1 leaves the mutex of its job@base64 handler for that method
                    // locked after a bad base64 job (handler/push.go returns before Unlock), so
                    // every later request to it hangs: one such request per method and case.
                    .put("/metrics/job@base64/a+b", "a 1\n")
                    .bodyPrefix("invalid base64 encoding in job name \"\": ", OWN_BASE64_REASON)
                    .post("/metrics/job@base64/YWJj+", "a 1\n")
                    .bodyPrefix("invalid base64 encoding in job name \"abc\": ", OWN_BASE64_REASON)
                    .put("/metrics/job/j/v@base64/A", "a 1\n")
                    .bodyPrefix("invalid base64 encoding for label v=\"A\": ", OWN_BASE64_REASON)
                    .put("/metrics/job/j/v@base64/YW=Jj", "a 1\n")
                    .bodyPrefix("invalid base64 encoding for label v=\"YW=Jj\": ", OWN_BASE64_REASON)
                    .put("/metrics/job/j/v@base64/L3Zhci90bXA/w", "a 1\n")
                    .delete("/metrics/job/j/job@base64/q+")
                    .bodyPrefix("invalid base64 encoding for label job=\"q+\": ", OWN_BASE64_REASON)
                    .build(),
            named("base64 that decodes to bytes that are not UTF-8")
                    .put("/metrics/job/j/v@base64/_w", "a 1\n")
                    // Ferry refuses the path (the base64 message, docs/push.md); the Pushgateway
                    // accepts it, then its consistency check refuses the push (label values must be
                    // UTF-8), after creating the group.
                    .statusOnly("Ferry refuses at the path; the Pushgateway at its consistency check")
                    // The Pushgateway then holds a group whose labels are not UTF-8 and fails every
                    // scrape until it is deleted; Ferry never stored it.
                    .scrape()
                    .scrapeStatusDiffers(500, "the Pushgateway stored a failed group with a non-UTF-8 label")
                    .build(),
            named("percent-escapes that decode to bytes that are not UTF-8")
                    .post("/metrics/job/j/b/%C3%28", "a 1\n")
                    // Ferry refuses the path; the Pushgateway takes the bytes into the label value
                    // and refuses the push at its consistency check, keeping the failure group.
                    .statusOnly("Ferry refuses the path; the Pushgateway at its consistency check")
                    .put("/metrics/job/%FF", "a 1\n")
                    .statusOnly("Ferry refuses the path; the Pushgateway at its consistency check")
                    .scrape()
                    .scrapeStatusDiffers(500, "the Pushgateway stored failed groups with non-UTF-8 labels")
                    .build(),
            named("a path that stops at job is a push path to Ferry only")
                    .put("/metrics/job", "a 1\n")
                    // The Pushgateway's router has no route: 404 page not found. Ferry: job required.
                    .statusDiffers(404, 400, "the Pushgateway has no route for it (docs/push.md)")
                    .put("/metrics/job/", "a 1\n")
                    // httprouter redirects to the path without the slash, where no route is.
                    .statusDiffers(307, 400, "the Pushgateway's router redirects to /metrics/job (docs/push.md)")
                    .build(),
            named("an empty path segment")
                    .put("/metrics/job/j//a/b", "a 1\n")
                    // Go's ServeMux answers a path with // with a redirect to the cleaned path;
                    // Ferry takes the path as given, which has an odd number of segments.
                    .statusDiffers(301, 400, "Go cleans paths with a redirect; Ferry takes them as given (docs/push.md)")
                    // An encoded slash at the start of a value makes the same empty segment: Ferry
                    // reads path="" and var="tmp".
                    .put("/metrics/job/j/path/%2Fvar/tmp", "a 1\n")
                    .statusDiffers(301, 200, "Go cleans paths with a redirect; Ferry takes them as given (docs/push.md)")
                    .delete("/metrics/job/j/path/%2Fvar/tmp")
                    .statusDiffers(301, 202, "Go cleans paths with a redirect; Ferry takes them as given (docs/push.md)")
                    .build(),

            named("a query string is ignored")
                    .put("/metrics/job/j/instance/i?job=x&instance=y", "a 1\n")
                    .build(),
            named("other methods on a push path")
                    .send("GET", "/metrics/job/j", null)
                    .send("PATCH", "/metrics/job/j", "a 1\n".getBytes())
                    .build(),
            named("an unknown path")
                    .send("GET", "/nothing/here", null)
                    .build(),

            // --- Labels from the grouping key (diskmetricstore_test.go TestSanitizeLabels) ---
            named("grouping labels overwrite the body's labels of the same name")
                    .put("/metrics/job/j/instance/i2", "a{job=\"other\",instance=\"i1\"} 1\nb{instance=\"i1\"} 2\n")
                    .build(),
            named("an instance in the body stays when the path has none")
                    .put("/metrics/job/j", "a{instance=\"i1\"} 1\na{instance=\"i2\"} 2\nb 3\n")
                    .build(),
            named("body series made identical by the grouping labels are refused")
                    .put("/metrics/job/j/instance/i", "a{instance=\"x\"} 1\na{instance=\"y\"} 2\n")
                    .bodyPrefix(INCONSISTENT, OWN_CHECK_WORDING)
                    .build(),
            named("a reserved label name in the body is refused")
                    .put("/metrics/job/j", "a{__x=\"1\"} 1\n")
                    .bodyPrefix(INCONSISTENT, OWN_CHECK_WORDING)
                    .build(),

            // --- Refusals and the failure time (TestRejectTimestamps, TestRejectInconsistentPush) ---
            named("timestamps are refused and set the failure time")
                    .put("/metrics/job/j", "a 1 1000\n")
                    .build(),
            named("a failed push keeps the group's metrics and sets only the failure time")
                    .put("/metrics/job/j", "a 1\n")
                    .put("/metrics/job/j", "b 1 1000\n")
                    .post("/metrics/job/j", "a 2 1000\n")
                    .build(),
            named("a successful push after a failure keeps the failure time")
                    .put("/metrics/job/j", "a 1 1\n")
                    .put("/metrics/job/j", "a 1\n")
                    .build(),
            named("a type clash across groups is refused and leaves the failure time")
                    .put("/metrics/job/j1", "# TYPE a counter\na 1\n")
                    .put("/metrics/job/j2", "# TYPE a gauge\na 1\n")
                    .bodyPrefix(INCONSISTENT, OWN_CHECK_WORDING)
                    .post("/metrics/job/j1/instance/i", "a 1\n")
                    .bodyPrefix(INCONSISTENT, OWN_CHECK_WORDING)
                    .build(),
            named("a group may change a family's type when no other group holds it")
                    .put("/metrics/job/j", "# TYPE a counter\na 1\n")
                    .put("/metrics/job/j", "# TYPE a gauge\na 2\n")
                    .post("/metrics/job/j", "# TYPE a summary\na_sum 1\na_count 1\n")
                    .build(),
            named("a type clash with the server's own metric is refused")
                    .put("/metrics/job/j", "# TYPE process_cpu_seconds_total gauge\nprocess_cpu_seconds_total 1\n")
                    .bodyPrefix(INCONSISTENT, OWN_CHECK_WORDING)
                    .build(),
            named("a family named like the server's own, of the same type, is accepted")
                    .put("/metrics/job/j", "# HELP process_cpu_seconds_total pushed\n"
                            + "# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total 1\n")
                    .build(),
            // Cross-group checks: the same series from two groups, and suffix collisions.
            named("identical series pushed to a different group is refused")
                    .put("/metrics/job/job1", "mf1{instance=\"instance2\"} 1\n")
                    .put("/metrics/job/job1/instance/instance2", "mf1 1\n")
                    .bodyPrefix(INCONSISTENT, OWN_CHECK_WORDING)
                    .build(),
            named("groups {job=a} and {job=a,instance=\"\"} expose the same timestamp series")
                    .put("/metrics/job/a", "x 1\n")
                    .put("/metrics/job/a/instance@base64/=", "y 1\n")
                    .bodyPrefix(INCONSISTENT, OWN_CHECK_WORDING)
                    // The refused push still creates the group {job=a,instance=""} to hold its
                    // failure time, whose timestamp series collide with {job=a}'s: the Pushgateway
                    // then fails every scrape with 500. Ferry never fails a scrape (docs/push.md).
                    .scrape()
                    .scrapeStatusDiffers(500, "the Pushgateway's failure group collides with {job=a}; Ferry still serves")
                    .build(),
            named("x_count in another group beside summary x is refused")
                    .put("/metrics/job/s", "# TYPE x summary\nx_sum 0\nx_count 0\n")
                    .put("/metrics/job/c", "x_count 0\n")
                    .bodyPrefix(INCONSISTENT, OWN_CHECK_WORDING)
                    .build(),
            named("summary x in another group beside x_count is refused")
                    .put("/metrics/job/c", "x_count 0\n")
                    .put("/metrics/job/s", "# TYPE x summary\nx_sum 0\nx_count 0\n")
                    .bodyPrefix(INCONSISTENT, OWN_CHECK_WORDING)
                    .build(),
            named("h_bucket in another group beside histogram h is refused")
                    .put("/metrics/job/h", "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n")
                    .put("/metrics/job/b", "h_bucket{le=\"+Inf\"} 1\n")
                    .bodyPrefix(INCONSISTENT, OWN_CHECK_WORDING)
                    .build(),

            // --- HELP (TestHelpStringFix): the Pushgateway picks at random, Ferry the first group ---
            named("HELP differs between groups")
                    .put("/metrics/job/g1", "# HELP hh one\nhh 1\n")
                    .put("/metrics/job/g2", "# HELP hh two\nhh 2\n")
                    .help("hh", "one", "one", "two")
                    .build(),
            named("HELP given by one group only")
                    .put("/metrics/job/g2", "# HELP hh two\nhh 2\n")
                    .put("/metrics/job/g1", "hh 1\n")
                    .help("hh", null, null, "two")
                    .build(),

            // --- Bodies ---
            named("a body that does not parse is refused and leaves no trace")
                    .put("/metrics/job/j", "blablabla\n")
                    .statusOnly(OWN_PARSE_WORDING)
                    .put("/metrics/job/j", "0bad 1\n")
                    .statusOnly(OWN_PARSE_WORDING)
                    .put("/metrics/job/j", "# TYPE a gauge\n# TYPE a gauge\na 1\n")
                    .statusOnly(OWN_PARSE_WORDING)
                    .build(),
            named("the same series twice in one body")
                    .put("/metrics/job/j", "a{x=\"1\"} 1\na{x=\"1\"} 2\n")
                    // Both take the push as inconsistent: 400, and the group is created with its
                    // failure time (docs/push.md).
                    .bodyPrefix(INCONSISTENT, OWN_CHECK_WORDING)
                    .build(),
            named("the same series twice in a push to an existing group")
                    .put("/metrics/job/j", "a{x=\"1\"} 1\n")
                    .put("/metrics/job/j", "# TYPE a gauge\na{x=\"2\"} 1\na{x=\"2\"} 2\n")
                    .bodyPrefix(INCONSISTENT, OWN_CHECK_WORDING)
                    .build(),
            named("a body without its final newline")
                    .put("/metrics/job/j", "a 1")
                    // The Pushgateway's parser wants every line ended ("unexpected end of input
                    // stream"); Ferry's accepts the last line without one (docs/formats.md).
                    .statusDiffers(400, 200, "Ferry's text parser accepts a missing final newline")
                    .scrape()
                    .scrapeDiffers("only Ferry stored the push", List.of(), withTimes(true,
                            "# TYPE a untyped", "a{instance=\"\",job=\"j\"} 1"))
                    .build(),
            named("a body over 1 KiB sent as a form, as curl --data-binary does")
                    // curl's --data-binary sends Content-Type application/x-www-form-urlencoded;
                    // the Pushgateway ignores it and parses text.
                    .put("/metrics/job/j", manySamples(100))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .post("/metrics/job/k", "a&b=c 1\n" + manySamples(1))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .statusOnly(OWN_PARSE_WORDING)
                    .build(),
            named("untyped, counter and gauge values in Go's number format, label escapes")
                    .put("/metrics/job/j", "u{path=\"C:\\\\tmp\",q=\"say \\\"hi\\\"\",n=\"l1\\nl2\"} 1e6\n"
                            + "# TYPE c counter\nc 1234567\n# TYPE g gauge\ng{v=\"a\"} 0.000015\ng{v=\"b\"} NaN\n"
                            + "g{v=\"c\"} +Inf\ng{v=\"d\"} -Inf\ng{v=\"e\"} -0.5\ng{v=\"f\"} 250000\n")
                    .build(),
            named("a body of comments and metadata without samples pushes no family")
                    .put("/metrics/job/j", "# a comment\n# HELP a help\n# TYPE a counter\n\n")
                    .build(),
            named("HELP text escapes")
                    .put("/metrics/job/j", "# HELP a back\\\\slash and\\nnewline\na 1\n")
                    .build(),
            named("a summary with zero observations")
                    .put("/metrics/job/j", "# TYPE s summary\ns{quantile=\"0.5\"} NaN\ns{quantile=\"0.9\"} NaN\n"
                            + "s_sum 0\ns_count 0\n")
                    .put("/metrics/job/k", "# TYPE t summary\nt_sum 0\nt_count 0\n")
                    .build(),
            named("a summary with quantiles")
                    .put("/metrics/job/j", "# HELP s latency\n# TYPE s summary\ns{quantile=\"0.5\",path=\"/\"} 0.2\n"
                            + "s{quantile=\"0.99\",path=\"/\"} 1.5\ns_sum{path=\"/\"} 12.5\ns_count{path=\"/\"} 40\n")
                    .build(),
            named("a histogram, and one without its +Inf bucket")
                    .put("/metrics/job/j", "# TYPE h histogram\nh_bucket{le=\"0.1\"} 1\nh_bucket{le=\"1\"} 3\n"
                            + "h_bucket{le=\"+Inf\"} 4\nh_sum 5.5\nh_count 4\n")
                    .put("/metrics/job/k", "# TYPE n histogram\nn_bucket{le=\"1\"} 2\nn_sum 1\nn_count 2\n")
                    .build(),
            named("gzip request bodies")
                    .put("/metrics/job/j", "a 1\n").gzip()
                    .post("/metrics/job/k", "# TYPE b counter\nb 2\n").gzip()
                    .build(),
            named("Content-Encoding GZIP in capitals")
                    .put("/metrics/job/j", "a 1\n").gzip("GZIP")
                    // Pushgateway 1.5.1 compares the header with "gzip" exactly and parses the gzip
                    // bytes as text; later versions (and Ferry) ignore case, as HTTP says.
                    .statusDiffers(400, 200, "Pushgateway 1.5.1 matches the coding case-sensitively")
                    .scrape()
                    .scrapeDiffers("only Ferry decoded the body", List.of(), withTimes(true,
                            "# TYPE a untyped", "a{instance=\"\",job=\"j\"} 1"))
                    .build(),
            named("a gzip body that is not gzip is refused")
                    .put("/metrics/job/j", "a 1\n")
                    .header("Content-Encoding", "gzip")
                    // Go's gzip reader says "unexpected EOF" or "gzip: invalid header"; Ferry says
                    // what it is.
                    .statusOnly("gzip errors are Ferry's own wording")
                    .build(),
            named("an unknown Content-Encoding passes the body through")
                    .put("/metrics/job/j", "a 1\n")
                    // 1.5.1 decodes gzip only; Pushgateway 1.6 and later, and Ferry, also decode
                    // snappy (PushApiIT), so an encoding none of them knows is the case here.
                    .header("Content-Encoding", "br")
                    .put("/metrics/job/k", "b 1\n")
                    .header("Content-Encoding", "identity")
                    .build(),
            named("protobuf delimited bodies of every type")
                    .send("PUT", "/metrics/job/j", ProtoOracle.encode(
                            family("pc", ClientModel.MetricType.COUNTER, "a counter",
                                    metric(ClientModel.Metric.newBuilder().setCounter(
                                            ClientModel.Counter.newBuilder().setValue(7)), "k", "v")),
                            family("pg", ClientModel.MetricType.GAUGE, null,
                                    metric(ClientModel.Metric.newBuilder().setGauge(
                                            ClientModel.Gauge.newBuilder().setValue(-2.5)))),
                            family("pu", ClientModel.MetricType.UNTYPED, "untyped",
                                    metric(ClientModel.Metric.newBuilder().setUntyped(
                                            ClientModel.Untyped.newBuilder().setValue(1e-7)), "instance", "inst")),
                            family("ps", ClientModel.MetricType.SUMMARY, "a summary",
                                    metric(ClientModel.Metric.newBuilder().setSummary(
                                            ClientModel.Summary.newBuilder().setSampleCount(3).setSampleSum(1.5)
                                                    .addQuantile(ClientModel.Quantile.newBuilder().setQuantile(0.5).setValue(0.4))))),
                            family("pz", ClientModel.MetricType.SUMMARY, null,
                                    metric(ClientModel.Metric.newBuilder().setSummary(ClientModel.Summary.newBuilder()))),
                            family("ph", ClientModel.MetricType.HISTOGRAM, "a histogram",
                                    metric(ClientModel.Metric.newBuilder().setHistogram(
                                            ClientModel.Histogram.newBuilder().setSampleCount(4).setSampleSum(2)
                                                    .addBucket(ClientModel.Bucket.newBuilder().setUpperBound(0.5).setCumulativeCount(1))
                                                    .addBucket(ClientModel.Bucket.newBuilder().setUpperBound(1).setCumulativeCount(3)))))))
                    .header("Content-Type", PROTOBUF_TYPE)
                    // pz is a summary message with neither sample_count nor sample_sum: client_golang
                    // reads both as 0; Ferry's model has no count then (docs/formats.md, Protobuf),
                    // so its text writer writes the TYPE line and no sample.
                    .scrape()
                    .scrapeDiffers("a protobuf summary without count and sum has no samples in Ferry", List.of(
                            "pz_sum{instance=\"\",job=\"j\"} 0", "pz_count{instance=\"\",job=\"j\"} 0"), List.of())
                    .build(),
            named("protobuf: two families of one name, the last wins")
                    .send("PUT", "/metrics/job/j", ProtoOracle.encode(
                            family("p", ClientModel.MetricType.GAUGE, "first",
                                    metric(ClientModel.Metric.newBuilder().setGauge(ClientModel.Gauge.newBuilder().setValue(1)))),
                            family("p", ClientModel.MetricType.GAUGE, "second",
                                    metric(ClientModel.Metric.newBuilder().setGauge(ClientModel.Gauge.newBuilder().setValue(2))))))
                    .header("Content-Type", "application/vnd.google.protobuf; encoding=delimited; proto=io.prometheus.client.MetricFamily")
                    .build(),
            named("protobuf with a timestamp is refused")
                    .send("PUT", "/metrics/job/j", ProtoOracle.encode(
                            family("p", ClientModel.MetricType.GAUGE, null,
                                    metric(ClientModel.Metric.newBuilder().setTimestampMs(1000)
                                            .setGauge(ClientModel.Gauge.newBuilder().setValue(1))))))
                    .header("Content-Type", PROTOBUF_TYPE)
                    .build(),
            named("a protobuf Content-Type without its parameters")
                    .send("PUT", "/metrics/job/j", ProtoOracle.encode(
                            family("p", ClientModel.MetricType.GAUGE, null,
                                    metric(ClientModel.Metric.newBuilder().setGauge(ClientModel.Gauge.newBuilder().setValue(1))))))
                    .header("Content-Type", "application/vnd.google.protobuf")
                    // The Pushgateway reads protobuf only with proto= and encoding=delimited, and
                    // parses anything else as text; Ferry picks the format by media type alone, as
                    // Prometheus does (docs/formats.md).
                    .statusDiffers(400, 200, "Ferry reads protobuf by media type alone")
                    .scrape()
                    .scrapeDiffers("only Ferry read the body", List.of(), withTimes(true,
                            "# TYPE p gauge", "p{instance=\"\",job=\"j\"} 1"))
                    .build(),
            named("an OpenMetrics body")
                    .put("/metrics/job/j", "# TYPE a counter\na_total 1\n# TYPE g gauge\ng 2\n# EOF\n")
                    .header("Content-Type", "application/openmetrics-text; version=1.0.0; charset=utf-8")
                    // The Pushgateway parses every body that is not protobuf as text 0.0.4, where
                    // "# EOF" is a comment and a_total is not the counter a; Ferry reads OpenMetrics
                    // (docs/push.md), where a_total is counter a's sample.
                    .scrape()
                    .scrapeDiffers("Ferry reads OpenMetrics bodies as OpenMetrics",
                            List.of("# TYPE a_total untyped"), List.of("# TYPE a_total counter"))
                    .build(),
            named("a protobuf body that does not parse is refused")
                    .send("PUT", "/metrics/job/j", new byte[] {5, 0x0a, 0x01, 'a'})
                    .header("Content-Type", PROTOBUF_TYPE)
                    .statusOnly("protobuf errors are Ferry's own wording")
                    .build(),

            // --- GET /metrics: negotiation and compression ---
            named("Accept negotiation: text")
                    .put("/metrics/job/j", "# TYPE a counter\na 1\n# TYPE s summary\ns_sum 1\ns_count 1\n")
                    .scrape("Accept", "text/plain; version=0.0.4")
                    .scrape("Accept", "text/plain")
                    .scrape("Accept", "*/*")
                    .scrape("Accept", "application/json")
                    .scrape("Accept", "text/plain;q=0.5, application/xml;q=0.9")
                    .build(),
            named("Accept negotiation: protobuf")
                    .put("/metrics/job/j", "# TYPE a counter\na 1\n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n")
                    .scrape("Accept", PROTOBUF_TYPE)
                    .scrape("Accept", "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
                            + "encoding=delimited;q=0.7,text/plain;version=0.0.4;q=0.3")
                    .build(),
            named("Accept negotiation: OpenMetrics")
                    .put("/metrics/job/j", "a 1\n")
                    // Neither offers OpenMetrics (Ferry only with --web.enable-openmetrics): both
                    // answer text 0.0.4 (docs/push.md).
                    .scrape("Accept", "application/openmetrics-text; version=1.0.0")
                    .build(),
            named("le and quantile as Prometheus 2 asks for them")
                    .put("/metrics/job/j", "# TYPE lat histogram\nlat_bucket{le=\"1\"} 1\nlat_bucket{le=\"2.50\"} 2\n"
                            + "lat_bucket{le=\"+Inf\"} 3\nlat_sum 4\nlat_count 3\n"
                            + "# TYPE rt summary\nrt{quantile=\"0.5\"} 1\nrt{quantile=\"1\"} 2\nrt_sum 3\nrt_count 2\n")
                    // Prometheus 2.42's Accept header: OpenMetrics first. Both answer text 0.0.4,
                    // with le="1" and quantile="1", so Prometheus 2 stores the same series from both.
                    .scrape("Accept", "application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
                            + "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1")
                    .build(),
            named("gzip responses")
                    .put("/metrics/job/j", "a 1\n")
                    .scrape("Accept-Encoding", "gzip")
                    .scrape("Accept-Encoding", "gzip, deflate, br")
                    .scrape("Accept-Encoding", "identity")
                    .scrape("Accept", PROTOBUF_TYPE, "Accept-Encoding", "gzip")
                    .build(),

            // --- The timestamp families ---
            named("a pushed push_time_seconds is replaced by the stored time")
                    .put("/metrics/job/j", "push_time_seconds 5\na 1\n")
                    .build(),
            named("a pushed push_failure_time_seconds")
                    .put("/metrics/job/j", "push_failure_time_seconds 5\na 1\n")
                    .put("/metrics/job/j", "push_failure_time_seconds 6\na 1\n")
                    // The Pushgateway adds its failure gauge only when the group has none, so a
                    // pushed one (untyped, 6) stays in its place; Ferry always serves its stored
                    // failure time under these names (docs/push.md).
                    .scrape()
                    .scrapeDiffers("Ferry serves its own failure time, not a pushed one", List.of(
                            "# TYPE push_failure_time_seconds untyped",
                            "push_failure_time_seconds{instance=\"\",job=\"j\"} " + Normalised.TIME), List.of(
                            "# HELP push_failure_time_seconds Last Unix time when changing this group in the Pushgateway failed.",
                            "# TYPE push_failure_time_seconds gauge",
                            "push_failure_time_seconds{instance=\"\",job=\"j\"} 0"))
                    .build(),

            // --- --push.disable-consistency-check ---
            named("unchecked: a type clash is stored and answered 202")
                    .uncheckedPushes()
                    .put("/metrics/job/j1", "# TYPE a counter\na 1\n")
                    .put("/metrics/job/j2", "# TYPE a gauge\na 2\n")
                    // The Pushgateway stores the clash and fails every scrape until it is deleted;
                    // Ferry serves the first group's family and leaves the other out (docs/push.md).
                    .scrape()
                    .scrapeStatusDiffers(500, "the Pushgateway fails scrapes over a stored clash; Ferry still serves")
                    .delete("/metrics/job/j2")
                    .build(),
            named("unchecked: timestamps are refused by Ferry, dropped by the Pushgateway")
                    .uncheckedPushes()
                    .put("/metrics/job/j", "a 1 1000\n")
                    // The Pushgateway answers 202 and then drops the push, setting the failure
                    // time; Ferry refuses with 400 what would be dropped (docs/push.md).
                    .statusDiffers(202, 400, "Ferry tells the client what the Pushgateway drops silently")
                    .build()
    );

    /** {@code n} samples of one gauge, about 25 bytes each. */
    static String manySamples(int n) {
        StringBuilder sb = new StringBuilder("# TYPE many gauge\n");
        for (int i = 0; i < n; i++) {
            sb.append("many{i=\"").append(i).append("\"} ").append(i).append('\n');
        }
        return sb.toString();
    }

    static ClientModel.MetricFamily family(String name, ClientModel.MetricType type, String help,
                                           ClientModel.Metric... metrics) {
        ClientModel.MetricFamily.Builder b = ClientModel.MetricFamily.newBuilder().setName(name).setType(type);
        if (help != null) {
            b.setHelp(help);
        }
        for (ClientModel.Metric m : metrics) {
            b.addMetric(m);
        }
        return b.build();
    }

    /** A metric with label pairs (name, value, ...). */
    static ClientModel.Metric metric(ClientModel.Metric.Builder b, String... labels) {
        for (int i = 0; i < labels.length; i += 2) {
            b.addLabel(ClientModel.LabelPair.newBuilder().setName(labels[i]).setValue(labels[i + 1]));
        }
        return b.build();
    }

    /**
     * {@code lines}, then the push time families of the group {@code {job="j"}} as a scrape shows
     * them after a push that {@code succeeded} or failed.
     */
    private static List<String> withTimes(boolean succeeded, String... lines) {
        List<String> all = new ArrayList<>(List.of(lines));
        all.addAll(List.of(
                "# HELP push_failure_time_seconds Last Unix time when changing this group in the Pushgateway failed.",
                "# TYPE push_failure_time_seconds gauge",
                "push_failure_time_seconds{instance=\"\",job=\"j\"} " + (succeeded ? "0" : Normalised.TIME),
                "# HELP push_time_seconds Last Unix time when changing this group in the Pushgateway succeeded.",
                "# TYPE push_time_seconds gauge",
                "push_time_seconds{instance=\"\",job=\"j\"} " + (succeeded ? Normalised.TIME : "0")));
        return all;
    }
}
