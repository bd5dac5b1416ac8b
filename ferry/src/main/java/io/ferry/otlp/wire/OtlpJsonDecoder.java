package io.ferry.otlp.wire;

import io.ferry.otlp.wire.AnyValues.RawArray;
import io.ferry.otlp.wire.AnyValues.RawKeyValues;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Decodes an OTLP/JSON {@code ExportMetricsServiceRequest} (OTLP/HTTP's {@code application/json}
 * body) into {@link ExportRequest}, with a streaming reader and no object tree.
 *
 * <pre>{@code
 * byte[] body = "{\"resourceMetrics\":[]}".getBytes(StandardCharsets.UTF_8);
 * ExportRequest request = OtlpJsonDecoder.decode(body, 0, body.length);
 * }</pre>
 *
 * <p>What OTLP/JSON (the specification's "JSON Protobuf Encoding") and proto3's JSON mapping allow,
 * and some leniency:
 * <ul>
 * <li>keys in lowerCamelCase, and also in the .proto's snake_case (which the specification calls
 *     invalid, but some senders write); unknown keys are skipped, whatever their value;
 * <li>64-bit integers as decimal strings or as numbers (an integral number in exponent form too);
 *     doubles as numbers or strings, {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"} included;
 *     {@code null} for any field means its default;
 * <li>{@code traceId} and {@code spanId} in hex, either case (not base64, unlike other bytes);
 *     {@code bytesValue} in base64, standard or URL-safe, padded or not;
 * <li>{@code aggregationTemporality} as the integer the specification requires, and, leniently, as
 *     the enum value's name ({@code "AGGREGATION_TEMPORALITY_DELTA"}); an unknown number means
 *     {@link Temporality#UNSPECIFIED}, an unknown name is an error;
 * <li>{@code keyStrindex} and {@code stringValueStrindex} (profiles only) are ignored.
 * </ul>
 * Errors name the field path and the byte offset: wrong value types, numbers out of range, invalid
 * hex or base64, malformed or truncated JSON, nesting deeper than {@value #MAX_DEPTH} levels.
 * Attribute values are rendered as {@link Attributes} describes, the same as the protobuf decoder.
 *
 * <p>Stateless and thread-safe: each call uses its own reader.
 */
public final class OtlpJsonDecoder {
    /** Objects and arrays nested deeper than this are refused. */
    public static final int MAX_DEPTH = 64;

    private static final HexFormat HEX = HexFormat.of();

    private final JsonCursor in;
    private final FieldPath path = new FieldPath();

    private OtlpJsonDecoder(byte[] buf, int off, int len) {
        in = new JsonCursor(buf, off, len, MAX_DEPTH);
    }

    /** Decodes the UTF-8 JSON in {@code buf[off, off + len)}. */
    public static ExportRequest decode(byte[] buf, int off, int len) throws OtlpDecodeException {
        java.util.Objects.checkFromIndexSize(off, len, buf.length);
        OtlpJsonDecoder d = new OtlpJsonDecoder(buf, off, len);
        try {
            ExportRequest request = d.request();
            d.in.end();
            return request;
        } catch (DecodeFailure f) {
            throw new OtlpDecodeException(d.path.toString(), f.position, f.getMessage());
        }
    }

    /**
     * A member name as a case- and underscore-blind key: {@code resourceMetrics} and
     * {@code resource_metrics} both read as {@code resourcemetrics}.
     */
    private static String canonical(String name) {
        boolean plain = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '_' || c >= 'A' && c <= 'Z') {
                plain = false;
                break;
            }
        }
        return plain ? name : name.replace("_", "").toLowerCase(Locale.ROOT);
    }

    // ---- Messages

    /** Reads an object, calling {@code member} for each member whose value is not null. */
    private void object(Member member) {
        if (in.tryNull()) {
            return;
        }
        in.beginObject();
        String name;
        while ((name = in.nextName()) != null) {
            if (in.tryNull()) {
                continue;
            }
            member.read(canonical(name));
        }
    }

    @FunctionalInterface
    private interface Member {
        void read(String canonicalName);
    }

    /** Reads an array, calling {@code element} with each element's index, the path entered. */
    private void array(String field, Element element) {
        if (in.tryNull()) {
            return;
        }
        in.beginArray();
        int i = 0;
        while (in.nextElement()) {
            path.push(field, i);
            element.read(i++);
            path.pop();
        }
    }

    @FunctionalInterface
    private interface Element {
        void read(int index);
    }

    private void field(String name, Runnable read) {
        path.push(name, -1);
        read.run();
        path.pop();
    }

    private ExportRequest request() {
        List<ResourceMetrics> resources = new ArrayList<>();
        object(name -> {
            if (name.equals("resourcemetrics")) {
                array("resourceMetrics", i -> resources.add(resourceMetrics()));
            } else {
                in.skipValue();
            }
        });
        return new ExportRequest(resources);
    }

    private ResourceMetrics resourceMetrics() {
        Attributes[] resource = {Attributes.EMPTY};
        List<ScopeMetrics> scopes = new ArrayList<>();
        object(name -> {
            switch (name) {
                case "resource" -> field("resource", () -> object(n -> {
                    if (n.equals("attributes")) {
                        resource[0] = attributes("attributes");
                    } else {
                        in.skipValue();
                    }
                }));
                case "scopemetrics" -> array("scopeMetrics", i -> scopes.add(scopeMetrics()));
                default -> in.skipValue();
            }
        });
        return new ResourceMetrics(resource[0], scopes);
    }

    private ScopeMetrics scopeMetrics() {
        String[] nameAndVersion = {"", ""};
        Attributes[] attributes = {Attributes.EMPTY};
        List<OtlpMetric> metrics = new ArrayList<>();
        object(name -> {
            switch (name) {
                case "scope" -> field("scope", () -> object(n -> {
                    switch (n) {
                        case "name" -> nameAndVersion[0] = string("name");
                        case "version" -> nameAndVersion[1] = string("version");
                        case "attributes" -> attributes[0] = attributes("attributes");
                        default -> in.skipValue();
                    }
                }));
                case "metrics" -> array("metrics", i -> metrics.add(metric()));
                default -> in.skipValue();
            }
        });
        return new ScopeMetrics(nameAndVersion[0], nameAndVersion[1], attributes[0], metrics);
    }

    private OtlpMetric metric() {
        MetricBuilder m = new MetricBuilder();
        object(name -> {
            switch (name) {
                case "name" -> m.name = string("name");
                case "description" -> m.description = string("description");
                case "unit" -> m.unit = string("unit");
                case "gauge" -> data(m, MetricKind.GAUGE, "gauge");
                case "sum" -> data(m, MetricKind.SUM, "sum");
                case "histogram" -> data(m, MetricKind.HISTOGRAM, "histogram");
                case "exponentialhistogram" -> data(m, MetricKind.EXPONENTIAL_HISTOGRAM, "exponentialHistogram");
                case "summary" -> data(m, MetricKind.SUMMARY, "summary");
                default -> in.skipValue();
            }
        });
        return new OtlpMetric(m.name, m.description, m.unit, m.kind, m.temporality, m.monotonic, m.points);
    }

    private static final class MetricBuilder {
        String name = "";
        String description = "";
        String unit = "";
        MetricKind kind = MetricKind.EMPTY;
        Temporality temporality = Temporality.UNSPECIFIED;
        boolean monotonic;
        List<DataPoint> points = List.of();
    }

    /** A metric's data field; a second one replaces the first, as protobuf's oneof does. */
    private void data(MetricBuilder m, MetricKind kind, String field) {
        m.kind = kind;
        m.temporality = Temporality.UNSPECIFIED;
        m.monotonic = false;
        List<DataPoint> points = new ArrayList<>();
        m.points = points;
        field(field, () -> object(name -> {
            switch (name) {
                case "datapoints" -> array("dataPoints", i -> points.add(switch (kind) {
                    case GAUGE, SUM -> numberPoint();
                    case HISTOGRAM -> histogramPoint();
                    case EXPONENTIAL_HISTOGRAM -> expHistogramPoint();
                    case SUMMARY -> summaryPoint();
                    case EMPTY -> throw new AssertionError();
                }));
                case "aggregationtemporality" -> {
                    if (kind == MetricKind.SUM || kind == MetricKind.HISTOGRAM || kind == MetricKind.EXPONENTIAL_HISTOGRAM) {
                        m.temporality = temporality();
                    } else {
                        in.skipValue();
                    }
                }
                case "ismonotonic" -> {
                    if (kind == MetricKind.SUM) {
                        m.monotonic = bool("isMonotonic");
                    } else {
                        in.skipValue();
                    }
                }
                default -> in.skipValue();
            }
        }));
    }

    private Temporality temporality() {
        path.push("aggregationTemporality", -1);
        Temporality t;
        if (in.peek() == '"') {
            long at = in.position();
            String s = in.string();
            t = switch (s) {
                case "AGGREGATION_TEMPORALITY_UNSPECIFIED" -> Temporality.UNSPECIFIED;
                case "AGGREGATION_TEMPORALITY_DELTA" -> Temporality.DELTA;
                case "AGGREGATION_TEMPORALITY_CUMULATIVE" -> Temporality.CUMULATIVE;
                default -> {
                    if (!s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9' || c == '-')) {
                        yield number(integer(s, false, at, 32));
                    }
                    throw new DecodeFailure("unknown aggregation temporality \"" + s + "\"", at);
                }
            };
        } else {
            long at = in.position();
            t = number(integer(in.number(), false, at, 32));
        }
        path.pop();
        return t;
    }

    private static Temporality number(long v) {
        return v == 1 ? Temporality.DELTA : v == 2 ? Temporality.CUMULATIVE : Temporality.UNSPECIFIED;
    }

    // ---- Data points

    /** The members every data point has; {@code read} gets the others. */
    private final class Common {
        Attributes attributes = Attributes.EMPTY;
        long start;
        long time;
        int flags;
        List<OtlpExemplar> exemplars = List.of();

        boolean read(String name, String attributesField) {
            switch (name) {
                case "starttimeunixnano" -> start = uint64("startTimeUnixNano");
                case "timeunixnano" -> time = uint64("timeUnixNano");
                case "flags" -> flags = (int) uint32("flags");
                case "exemplars" -> {
                    List<OtlpExemplar> list = new ArrayList<>();
                    array("exemplars", i -> list.add(exemplar()));
                    exemplars = list;
                }
                default -> {
                    if (name.equals(attributesField)) {
                        attributes = attributes("attributes");
                        return true;
                    }
                    return false;
                }
            }
            return true;
        }
    }

    private NumberPoint numberPoint() {
        Common c = new Common();
        double[] value = {0};
        boolean[] isInt = {false};
        long[] intValue = {0};
        object(name -> {
            if (c.read(name, "attributes")) {
                return;
            }
            switch (name) {
                case "asdouble" -> {
                    value[0] = dbl("asDouble");
                    isInt[0] = false;
                    intValue[0] = 0;
                }
                case "asint" -> {
                    intValue[0] = int64("asInt");
                    value[0] = intValue[0];
                    isInt[0] = true;
                }
                default -> in.skipValue();
            }
        });
        return new NumberPoint(c.attributes, c.start, c.time, value[0], isInt[0], intValue[0], c.flags, c.exemplars);
    }

    private HistogramPoint histogramPoint() {
        Common c = new Common();
        long[] count = {0};
        double[] sumMinMax = new double[3];
        boolean[] has = new boolean[3];
        double[][] bounds = {new double[0]};
        long[][] counts = {new long[0]};
        object(name -> {
            if (c.read(name, "attributes")) {
                return;
            }
            switch (name) {
                case "count" -> count[0] = uint64("count");
                case "sum" -> optional(sumMinMax, has, 0, "sum");
                case "min" -> optional(sumMinMax, has, 1, "min");
                case "max" -> optional(sumMinMax, has, 2, "max");
                case "bucketcounts" -> counts[0] = uint64s("bucketCounts");
                case "explicitbounds" -> bounds[0] = doubles("explicitBounds");
                default -> in.skipValue();
            }
        });
        return new HistogramPoint(c.attributes, c.start, c.time, count[0], has[0], sumMinMax[0], bounds[0], counts[0],
                has[1], sumMinMax[1], has[2], sumMinMax[2], c.flags, c.exemplars);
    }

    private void optional(double[] values, boolean[] has, int i, String field) {
        values[i] = dbl(field);
        has[i] = true;
    }

    private ExpHistogramPoint expHistogramPoint() {
        Common c = new Common();
        long[] longs = new long[2]; // count, zeroCount
        double[] sumAndThreshold = new double[2];
        boolean[] hasSum = {false};
        int[] scaleAndOffsets = new int[3];
        long[][] buckets = {new long[0], new long[0]};
        object(name -> {
            if (c.read(name, "attributes")) {
                return;
            }
            switch (name) {
                case "count" -> longs[0] = uint64("count");
                case "sum" -> {
                    sumAndThreshold[0] = dbl("sum");
                    hasSum[0] = true;
                }
                case "scale" -> scaleAndOffsets[0] = (int) int32("scale");
                case "zerocount" -> longs[1] = uint64("zeroCount");
                case "zerothreshold" -> sumAndThreshold[1] = dbl("zeroThreshold");
                case "positive" -> field("positive", () -> buckets(scaleAndOffsets, 1, buckets, 0));
                case "negative" -> field("negative", () -> buckets(scaleAndOffsets, 2, buckets, 1));
                default -> in.skipValue();
            }
        });
        return new ExpHistogramPoint(c.attributes, c.start, c.time, longs[0], hasSum[0], sumAndThreshold[0],
                scaleAndOffsets[0], longs[1], sumAndThreshold[1], scaleAndOffsets[1], buckets[0], scaleAndOffsets[2],
                buckets[1], c.flags, c.exemplars);
    }

    private void buckets(int[] offsets, int offsetIndex, long[][] counts, int countsIndex) {
        offsets[offsetIndex] = 0;
        counts[countsIndex] = new long[0];
        object(name -> {
            switch (name) {
                case "offset" -> offsets[offsetIndex] = (int) int32("offset");
                case "bucketcounts" -> counts[countsIndex] = uint64s("bucketCounts");
                default -> in.skipValue();
            }
        });
    }

    private SummaryPoint summaryPoint() {
        Common c = new Common();
        long[] count = {0};
        double[] sum = {0};
        List<double[]> quantiles = new ArrayList<>();
        object(name -> {
            if (c.read(name, "attributes")) {
                return;
            }
            switch (name) {
                case "count" -> count[0] = uint64("count");
                case "sum" -> sum[0] = dbl("sum");
                case "quantilevalues" -> array("quantileValues", i -> {
                    double[] qv = new double[2];
                    object(n -> {
                        switch (n) {
                            case "quantile" -> qv[0] = dbl("quantile");
                            case "value" -> qv[1] = dbl("value");
                            default -> in.skipValue();
                        }
                    });
                    quantiles.add(qv);
                });
                default -> in.skipValue();
            }
        });
        double[] qs = new double[quantiles.size()];
        double[] vs = new double[quantiles.size()];
        for (int i = 0; i < qs.length; i++) {
            qs[i] = quantiles.get(i)[0];
            vs[i] = quantiles.get(i)[1];
        }
        return new SummaryPoint(c.attributes, c.start, c.time, count[0], sum[0], qs, vs, c.flags);
    }

    private OtlpExemplar exemplar() {
        Attributes[] filtered = {Attributes.EMPTY};
        long[] time = {0};
        double[] value = {0};
        String[] ids = {"", ""}; // trace, span
        object(name -> {
            switch (name) {
                case "filteredattributes" -> filtered[0] = attributes("filteredAttributes");
                case "timeunixnano" -> time[0] = uint64("timeUnixNano");
                case "asdouble" -> value[0] = dbl("asDouble");
                case "asint" -> value[0] = int64("asInt");
                case "traceid" -> ids[0] = hexId("traceId");
                case "spanid" -> ids[1] = hexId("spanId");
                default -> in.skipValue();
            }
        });
        return new OtlpExemplar(filtered[0], time[0], value[0], ids[0], ids[1]);
    }

    // ---- Attributes

    private Attributes attributes(String field) {
        List<String> kv = new ArrayList<>();
        array(field, i -> {
            String[] key = {""};
            Object[] value = {null};
            object(name -> {
                switch (name) {
                    case "key" -> key[0] = string("key");
                    case "value" -> field("value", () -> value[0] = anyValue());
                    default -> in.skipValue();
                }
            });
            kv.add(key[0]);
            kv.add(AnyValues.render(value[0]));
        });
        return kv.isEmpty() ? Attributes.EMPTY : Attributes.of(kv.toArray(new String[0]));
    }

    /** An {@code AnyValue} as a raw value of {@link AnyValues}; the last of its oneof wins. */
    private Object anyValue() {
        Object[] value = {null};
        object(name -> {
            switch (name) {
                case "stringvalue" -> value[0] = string("stringValue");
                case "boolvalue" -> value[0] = bool("boolValue");
                case "intvalue" -> value[0] = int64("intValue");
                case "doublevalue" -> value[0] = dbl("doubleValue");
                case "bytesvalue" -> value[0] = base64("bytesValue");
                case "arrayvalue" -> field("arrayValue", () -> {
                    List<Object> values = AnyValues.newList();
                    object(n -> {
                        if (n.equals("values")) {
                            array("values", i -> values.add(anyValueOrNull()));
                        } else {
                            in.skipValue();
                        }
                    });
                    value[0] = new RawArray(values);
                });
                case "kvlistvalue" -> field("kvlistValue", () -> {
                    List<Object> kv = AnyValues.newList();
                    object(n -> {
                        if (n.equals("values")) {
                            array("values", i -> {
                                String[] key = {""};
                                Object[] v = {null};
                                object(m -> {
                                    switch (m) {
                                        case "key" -> key[0] = string("key");
                                        case "value" -> field("value", () -> v[0] = anyValue());
                                        default -> in.skipValue();
                                    }
                                });
                                kv.add(key[0]);
                                kv.add(v[0]);
                            });
                        } else {
                            in.skipValue();
                        }
                    });
                    value[0] = new RawKeyValues(kv);
                });
                default -> in.skipValue();
            }
        });
        return value[0];
    }

    private Object anyValueOrNull() {
        return in.peekNull() && in.tryNull() ? null : anyValue();
    }

    // ---- Scalars: each enters its field's name into the path while it reads

    private String string(String field) {
        path.push(field, -1);
        String s = in.string();
        path.pop();
        return s;
    }

    private boolean bool(String field) {
        path.push(field, -1);
        boolean b;
        if (in.peek() == '"') {
            long at = in.position();
            String s = in.string();
            b = switch (s) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new DecodeFailure("expected true or false, not \"" + s + "\"", at);
            };
        } else {
            b = in.bool();
        }
        path.pop();
        return b;
    }

    private double dbl(String field) {
        path.push(field, -1);
        double d = doubleValue();
        path.pop();
        return d;
    }

    private double doubleValue() {
        long at = in.position();
        String text = in.peek() == '"' ? in.string() : in.number();
        double d = switch (text) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> {
                if (!isJsonNumber(text)) {
                    throw new DecodeFailure("expected a number, not \"" + text + "\"", at);
                }
                yield Double.parseDouble(text);
            }
        };
        return d;
    }

    private long uint64(String field) {
        return integerField(field, true, 64);
    }

    private long int64(String field) {
        return integerField(field, false, 64);
    }

    private long uint32(String field) {
        return integerField(field, true, 32);
    }

    private long int32(String field) {
        return integerField(field, false, 32);
    }

    private long integerField(String field, boolean unsigned, int bits) {
        path.push(field, -1);
        long v = integerValue(unsigned, bits);
        path.pop();
        return v;
    }

    private long integerValue(boolean unsigned, int bits) {
        long at = in.position();
        String text = in.peek() == '"' ? in.string() : in.number();
        return integer(text, unsigned, at, bits);
    }

    /**
     * An integer from a string or number token: plain digits, or a JSON number that is integral
     * ({@code 1e3}, {@code 5.0}), as proto3's JSON mapping accepts; unsigned 64-bit values above
     * {@code Long.MAX_VALUE} come back with their bits in a long.
     */
    private static long integer(String text, boolean unsigned, long at, int bits) {
        if (!isJsonNumber(text)) {
            throw new DecodeFailure("expected an integer, not \"" + shorten(text) + "\"", at);
        }
        BigDecimal d;
        try {
            d = new BigDecimal(text.length() > 64 ? "x" : text);
        } catch (NumberFormatException e) {
            throw new DecodeFailure("integer out of range: " + shorten(text), at);
        }
        java.math.BigInteger i;
        try {
            i = d.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw new DecodeFailure("expected an integer, not " + shorten(text), at);
        }
        java.math.BigInteger min = unsigned ? java.math.BigInteger.ZERO : java.math.BigInteger.ONE.shiftLeft(bits - 1).negate();
        java.math.BigInteger max = unsigned ? java.math.BigInteger.ONE.shiftLeft(bits).subtract(java.math.BigInteger.ONE)
                : java.math.BigInteger.ONE.shiftLeft(bits - 1).subtract(java.math.BigInteger.ONE);
        if (i.compareTo(min) < 0 || i.compareTo(max) > 0) {
            throw new DecodeFailure("integer out of range: " + shorten(text), at);
        }
        return i.longValue();
    }

    private static boolean isJsonNumber(String s) {
        int i = 0;
        int n = s.length();
        if (i < n && s.charAt(i) == '-') {
            i++;
        }
        int digits = i;
        while (i < n && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
            i++;
        }
        if (i == digits) {
            return false;
        }
        if (i < n && s.charAt(i) == '.') {
            int f = ++i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            if (i == f) {
                return false;
            }
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int e = i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            if (i == e) {
                return false;
            }
        }
        return i == n;
    }

    private long[] uint64s(String field) {
        long[][] out = {new long[8]};
        int[] n = {0};
        array(field, i -> {
            if (n[0] == out[0].length) {
                out[0] = Arrays.copyOf(out[0], n[0] * 2);
            }
            out[0][n[0]++] = integerValue(true, 64);
        });
        return Arrays.copyOf(out[0], n[0]);
    }

    private double[] doubles(String field) {
        double[][] out = {new double[8]};
        int[] n = {0};
        array(field, i -> {
            if (n[0] == out[0].length) {
                out[0] = Arrays.copyOf(out[0], n[0] * 2);
            }
            out[0][n[0]++] = doubleValue();
        });
        return Arrays.copyOf(out[0], n[0]);
    }

    private byte[] base64(String field) {
        path.push(field, -1);
        long at = in.position();
        String s = in.string();
        byte[] b;
        try {
            b = (s.indexOf('-') >= 0 || s.indexOf('_') >= 0 ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(s);
        } catch (IllegalArgumentException e) {
            throw new DecodeFailure("not base64: " + e.getMessage(), at);
        }
        path.pop();
        return b;
    }

    private String hexId(String field) {
        path.push(field, -1);
        long at = in.position();
        String s = in.string();
        String hex;
        try {
            hex = HEX.formatHex(HEX.parseHex(s.toLowerCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new DecodeFailure("not a hex id: \"" + shorten(s) + "\"", at);
        }
        path.pop();
        return hex;
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
