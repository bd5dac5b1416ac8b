package io.ferry.exposition.internal;

import io.ferry.exposition.ExpositionException.Problem;
import io.ferry.model.Exemplar;
import io.ferry.model.HistogramMetric;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.SummaryMetric;
import io.ferry.model.ValueMetric;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups parsed samples into metric families, the way client_golang's text parser does for text
 * 0.0.4 and the way the OpenMetrics specification orders them:
 *
 * <ul>
 *   <li>A sample joins the family of its own name, or, for {@code _sum}, {@code _count} and
 *       {@code _bucket} (and OpenMetrics' {@code _total}, {@code _created}, {@code _info},
 *       {@code _gsum}, {@code _gcount}), the family of its base name when that family's type has
 *       such a series. Anything else starts an untyped (text) or unknown (OpenMetrics) family.
 *   <li>Histogram and summary lines with the same labels (apart from {@code le} or
 *       {@code quantile}) and timestamp form one metric.
 *   <li>Text 0.0.4 allows a family's samples to be split; OpenMetrics forbids interleaving.
 *   <li>The same series twice, the same bucket twice, a TYPE after samples, and a second HELP or
 *       TYPE for one name are errors; families with metadata but no samples are dropped.
 * </ul>
 * Not thread-safe; one per parse.
 */
final class FamilyAssembler {
    enum Role { VALUE, BUCKET, QUANTILE, SUM, COUNT, CREATED }

    private final boolean openMetrics;
    /** A repeated value series becomes another metric rather than an error (a scrape's choice). */
    private final boolean keepDuplicates;
    private final Map<String, Family> byName = new LinkedHashMap<>();
    /** Every family's series by labels and timestamp; empty when given (the parser clears it after each body). */
    private final SeriesIndex index;
    private Family current;

    FamilyAssembler(boolean openMetrics, boolean keepDuplicates, SeriesIndex index) {
        this.openMetrics = openMetrics;
        this.keepDuplicates = keepDuplicates;
        this.index = index;
    }

    /** A family being assembled, keyed by the name on its metadata lines. */
    static final class Family {
        final String base;
        final long firstLine;
        /** Numbers the body's families in order of creation, for {@link SeriesIndex}'s hash. */
        final int id;
        MetricType type;
        String help;
        String unit;
        boolean hasHelp;
        boolean hasUnit;
        final List<Point> points = new ArrayList<>();
        Point last;

        Family(String base, long firstLine, int id) {
            this.base = base;
            this.firstLine = firstLine;
            this.id = id;
        }

        boolean hasSamples() {
            return !points.isEmpty();
        }
    }

    /** Where the latest sample name was routed: its family and its role there. */
    private String lastName;
    private Family lastFamily;
    private Role lastRole;

    // ---- metadata -------------------------------------------------------------------------

    void type(String base, MetricType type, long line) {
        Family f = metadataTarget(base, line, "TYPE");
        if (f.type != null) {
            throw new ParseError(0, "second TYPE line for metric family \"" + base + "\"");
        }
        if (f.hasSamples()) {
            throw new ParseError(0, "TYPE line for metric family \"" + base + "\" comes after its samples");
        }
        f.type = type;
    }

    void help(String base, String help, long line) {
        Family f = metadataTarget(base, line, "HELP");
        if (f.hasHelp) {
            throw new ParseError(0, "second HELP line for metric family \"" + base + "\"");
        }
        f.hasHelp = true;
        f.help = help;
    }

    void unit(String base, String unit, long line) {
        Family f = metadataTarget(base, line, "UNIT");
        if (f.hasUnit) {
            throw new ParseError(0, "second UNIT line for metric family \"" + base + "\"");
        }
        if (!unit.isEmpty() && !base.endsWith("_" + unit)) {
            throw new ParseError(0, "unit \"" + unit + "\" is not a suffix of metric family \"" + base + "\"");
        }
        f.hasUnit = true;
        f.unit = unit.isEmpty() ? null : unit;
    }

    private Family metadataTarget(String base, long line, String what) {
        forgetRoutes();
        Family f = byName.get(base);
        if (f == null) {
            f = new Family(base, line, byName.size());
            byName.put(base, f);
        } else if (openMetrics && f != current) {
            throw new ParseError(0, what + " line for metric family \"" + base
                    + "\" after other families; OpenMetrics forbids interleaving");
        } else if (openMetrics && f.hasSamples()) {
            throw new ParseError(0, what + " line for metric family \"" + base + "\" comes after its samples");
        }
        current = f;
        return f;
    }

    // ---- samples --------------------------------------------------------------------------

    /** Routes a sample name to its family; {@link #role()} then tells the sample's role. */
    Family route(String name, long line) {
        if (name == lastName) {
            return lastFamily;
        }
        int slot = name.hashCode() & (ROUTES - 1);
        if (!openMetrics && routeNames[slot] == name) {
            lastName = name;
            lastFamily = routeFamilies[slot];
            lastRole = routeRoles[slot];
            return lastFamily;
        }
        Family f;
        Role r;
        if (openMetrics) {
            r = current == null ? null : roleIn(current, name);
            f = current;
            if (r == null && current != null && name.equals(current.base) && !current.hasSamples()
                    && (current.type == MetricType.COUNTER || current.type == MetricType.INFO)) {
                // A counter or info sample without its suffix: Prometheus stores it under its own
                // name, so it is read as such, an unknown family, rather than failing the body.
                current.type = null;
                r = Role.VALUE;
            }
            if (r == null) {
                checkNotInterleaved(name);
                f = new Family(name, line, byName.size());
                byName.put(name, f);
                current = f;
                r = Role.VALUE;
            }
        } else {
            f = byName.get(name);
            r = f == null ? null : roleIn(f, name);
            if (r == null) {
                f = null;
                for (String suffix : TEXT_SUFFIXES) {
                    if (name.endsWith(suffix)) {
                        Family g = byName.get(name.substring(0, name.length() - suffix.length()));
                        Role gr = g == null ? null : roleIn(g, name);
                        if (gr != null) {
                            f = g;
                            r = gr;
                        }
                        break;
                    }
                }
            }
            if (f == null) {
                Family existing = byName.get(name);
                if (existing != null) {
                    throw new ParseError(1, "sample \"" + name + "\" cannot belong to " + typeName(existing)
                            + " family \"" + name + "\"" + expectedSuffixes(existing.type));
                }
                f = new Family(name, line, byName.size());
                byName.put(name, f);
                r = Role.VALUE;
            }
        }
        lastName = name;
        lastFamily = f;
        lastRole = r;
        routeNames[slot] = name;
        routeFamilies[slot] = f;
        routeRoles[slot] = r;
        return f;
    }

    // Text 0.0.4 routes a name by map lookups and suffix checks; histograms alternate between
    // _bucket, _sum and _count, so recent answers are kept, by name identity (names come from the
    // parser's string cache). Any metadata line may change the answers and clears them.
    private static final int ROUTES = 64;
    private final String[] routeNames = new String[ROUTES];
    private final Family[] routeFamilies = new Family[ROUTES];
    private final Role[] routeRoles = new Role[ROUTES];

    private void forgetRoutes() {
        lastName = null;
        Arrays.fill(routeNames, null);
    }

    Role role() {
        return lastRole;
    }

    private static final String[] TEXT_SUFFIXES = {"_bucket", "_count", "_sum"};

    private void checkNotInterleaved(String name) {
        Family same = byName.get(name);
        if (same != null && same == current) {
            throw new ParseError(1, "sample \"" + name + "\" cannot belong to " + typeName(same) + " family \""
                    + name + "\"" + expectedSuffixes(same.type));
        }
        if (same != null) {
            throw new ParseError(1, "metric family \"" + name
                    + "\" appears again after other families; OpenMetrics forbids interleaving");
        }
        for (String suffix : OM_SUFFIXES) {
            if (name.endsWith(suffix)) {
                Family g = byName.get(name.substring(0, name.length() - suffix.length()));
                if (g != null && roleIn(g, name) != null) {
                    throw new ParseError(1, "sample \"" + name + "\" of metric family \"" + g.base
                            + "\" appears after other families; OpenMetrics forbids interleaving");
                }
            }
        }
    }

    private static final String[] OM_SUFFIXES = {"_total", "_created", "_info", "_bucket", "_count", "_sum",
            "_gcount", "_gsum"};

    /** The role of sample {@code name} in family {@code f}, or null when it does not belong there. */
    private Role roleIn(Family f, String name) {
        String base = f.base;
        MetricType type = f.type;
        if (!name.startsWith(base)) {
            return null;
        }
        int n = base.length();
        boolean bare = name.length() == n;
        if (type == null) {
            return bare ? Role.VALUE : null;
        }
        if (!openMetrics) {
            return switch (type) {
                case SUMMARY -> bare ? Role.QUANTILE : sumOrCount(name, n);
                case HISTOGRAM -> is(name, n, "_bucket") ? Role.BUCKET : sumOrCount(name, n);
                default -> bare ? Role.VALUE : null;
            };
        }
        return switch (type) {
            case COUNTER -> is(name, n, "_total") ? Role.VALUE : is(name, n, "_created") ? Role.CREATED : null;
            case INFO -> is(name, n, "_info") ? Role.VALUE : null;
            case SUMMARY -> bare ? Role.QUANTILE : createdOr(name, n, sumOrCount(name, n));
            case HISTOGRAM -> is(name, n, "_bucket") ? Role.BUCKET : createdOr(name, n, sumOrCount(name, n));
            case GAUGE_HISTOGRAM -> is(name, n, "_bucket") ? Role.BUCKET
                    : is(name, n, "_gsum") ? Role.SUM : is(name, n, "_gcount") ? Role.COUNT : null;
            default -> bare ? Role.VALUE : null;
        };
    }

    /** Whether {@code name} is its first {@code n} characters followed by exactly {@code suffix}. */
    private static boolean is(String name, int n, String suffix) {
        return name.length() == n + suffix.length() && name.endsWith(suffix);
    }

    private static Role sumOrCount(String name, int n) {
        return is(name, n, "_sum") ? Role.SUM : is(name, n, "_count") ? Role.COUNT : null;
    }

    private static Role createdOr(String name, int n, Role other) {
        return other != null ? other : is(name, n, "_created") ? Role.CREATED : null;
    }

    private String typeName(Family f) {
        return f.type == null ? "untyped" : openMetrics ? f.type.openMetricsName() : f.type.textName();
    }

    private String expectedSuffixes(MetricType type) {
        if (type == MetricType.HISTOGRAM) {
            return openMetrics ? " (histogram samples end in _bucket, _sum, _count or _created)"
                    : " (histogram samples end in _bucket, _sum or _count)";
        }
        return openMetrics && type == MetricType.COUNTER ? " (counter samples end in _total or _created)" : "";
    }

    /**
     * Adds one sample to {@code f} in role {@link #role()}. {@code labels} holds the sample's
     * labels without {@code le} or {@code quantile}, whose parsed value is {@code bound} when
     * {@code hasBound}.
     */
    void add(Family f, Role role, Labels.Builder labels, boolean hasBound, double bound, double value, long ts,
             Exemplar exemplar, long line) {
        if (exemplar != null && !(role == Role.BUCKET
                || role == Role.VALUE && f.type == MetricType.COUNTER)) {
            throw new ParseError(0, "exemplars are allowed only on counter samples and histogram buckets");
        }
        switch (role) {
            case VALUE -> addValue(f, labels, value, ts, exemplar, line);
            case CREATED -> {
                if (Double.isNaN(value)) {
                    // NaN is how the model says "no created time"; a _created sample must be a time.
                    throw new ParseError(0, "a _created sample must be a time in seconds, not NaN");
                }
                pointFor(f, labels, ts, line, true).created(value, line);
            }
            case BUCKET -> {
                if (!hasBound) {
                    throw new ParseError(0, "histogram bucket has no \"le\" label");
                }
                pointFor(f, labels, ts, line, false).bucket(bound, value, exemplar);
            }
            case QUANTILE -> {
                if (!hasBound) {
                    throw new ParseError(0, "summary sample has no \"quantile\" label");
                }
                pointFor(f, labels, ts, line, false).quantile(bound, value);
            }
            case SUM -> pointFor(f, labels, ts, line, false).sum(value);
            case COUNT -> pointFor(f, labels, ts, line, false).count(value);
        }
    }

    /** The label that carries a sample's bound in this role ({@code le}, {@code quantile}), or null. */
    static String boundLabel(Role role) {
        return role == Role.BUCKET ? "le" : role == Role.QUANTILE ? "quantile" : null;
    }

    private void addValue(Family f, Labels.Builder labels, double value, long ts, Exemplar exemplar, long line) {
        Point last = f.last;
        if (last != null && labels.sameAs(last.labels) && !last.hasValue && last.ts == ts) {
            last.value(value, exemplar); // its _created came first
            return;
        }
        Labels l = labels.build();
        Point p = index.get(f, l, ts);
        if (p != null && !p.hasValue) {
            p.value(value, exemplar);
            return;
        }
        if (p != null && !keepDuplicates) {
            throw ParseError.duplicateSeries("duplicate series " + f.base + l + (ts == Metric.NO_TIMESTAMP ? "" : " at " + ts));
        }
        boolean indexed = p != null; // a kept duplicate is a metric of its own; the first one keeps the key
        p = new Point(f, l, ts, line, 0);
        p.value(value, exemplar);
        if (!indexed) {
            index.putNew(p);
        }
        f.points.add(p);
        f.last = p;
    }

    /** The histogram or summary point for these labels and timestamp, created when new. */
    private Point pointFor(Family f, Labels.Builder labels, long ts, long line, boolean forCreated) {
        Point last = f.last;
        if (last != null && (last.ts == ts || forCreated) && labels.sameAs(last.labels)) {
            return last;
        }
        Labels l = labels.build();
        Point p = index.get(f, l, ts);
        if (p == null && forCreated && ts != Metric.NO_TIMESTAMP) {
            p = index.get(f, l, Metric.NO_TIMESTAMP);
        }
        if (p == null) {
            // The family's series usually share one bucket layout: size the arrays like the last one's.
            p = new Point(f, l, ts, line, last == null ? 0 : last.n);
            index.putNew(p);
            f.points.add(p);
        }
        f.last = p;
        return p;
    }

    /** One metric being assembled from its lines. */
    static final class Point {
        final Family family;
        final Labels labels;
        final long ts;
        final long line;
        boolean hasValue;
        double value;
        Exemplar exemplar;
        double created = Double.NaN;
        boolean hasSum;
        boolean hasCount;
        double sum;
        double count;
        double[] bounds = EMPTY;
        double[] counts = EMPTY;
        Exemplar[] exemplars;
        int n;

        private static final double[] EMPTY = new double[0];

        Point(Family family, Labels labels, long ts, long line, int buckets) {
            this.family = family;
            this.labels = labels;
            this.ts = ts;
            this.line = line;
            if (buckets > 0) {
                bounds = new double[buckets];
                counts = new double[buckets];
            }
        }

        void value(double v, Exemplar e) {
            hasValue = true;
            value = v;
            exemplar = e;
        }

        void created(double seconds, long line) {
            if (!Double.isNaN(created)) {
                throw new ParseError(0, "duplicate _created sample for " + labels);
            }
            created = seconds;
        }

        void sum(double v) {
            if (hasSum) {
                throw new ParseError(0, "duplicate _sum sample for " + labels);
            }
            hasSum = true;
            sum = v;
        }

        void count(double v) {
            if (hasCount) {
                throw new ParseError(0, "duplicate _count sample for " + labels);
            }
            hasCount = true;
            count = v;
        }

        void bucket(double le, double c, Exemplar e) {
            checkNew(le, "duplicate bucket le=\"");
            grow();
            bounds[n] = le;
            counts[n] = c;
            if (e != null) {
                if (exemplars == null) {
                    exemplars = new Exemplar[bounds.length];
                }
                exemplars[n] = e;
            }
            n++;
        }

        void quantile(double q, double v) {
            checkNew(q, "duplicate quantile=\"");
            grow();
            bounds[n] = q;
            counts[n] = v;
            n++;
        }

        /** Throws when {@code bound} is already present; bounds usually increase, which takes one comparison. */
        private void checkNew(double bound, String what) {
            if (n > 0 && !(bound > bounds[n - 1])) {
                for (int i = 0; i < n; i++) {
                    if (Double.compare(bounds[i], bound) == 0) {
                        throw new ParseError(0, what + bound + "\" for " + labels);
                    }
                }
            }
        }

        private void grow() {
            if (n == bounds.length) {
                int cap = Math.max(8, n * 2);
                bounds = Arrays.copyOf(bounds, cap);
                counts = Arrays.copyOf(counts, cap);
                if (exemplars != null) {
                    exemplars = Arrays.copyOf(exemplars, cap);
                }
            }
        }
    }

    // ---- result ---------------------------------------------------------------------------

    /** The families with at least one metric; problems found while finishing go to {@code problems}. */
    List<MetricFamily> finish(List<Problem> problems) {
        checkSuffixCollisions(problems);
        List<MetricFamily> out = new ArrayList<>(byName.size());
        for (Family f : byName.values()) {
            if (!f.hasSamples()) {
                continue;
            }
            MetricType type = f.type != null ? f.type : openMetrics ? MetricType.UNKNOWN : MetricType.UNTYPED;
            List<Metric> metrics = new ArrayList<>(f.points.size());
            for (Point p : f.points) {
                Metric m = build(f, type, p, problems);
                if (m != null) {
                    metrics.add(m);
                }
            }
            String name = f.base;
            if (openMetrics && type == MetricType.COUNTER) {
                name = f.base + "_total";
            } else if (openMetrics && type == MetricType.INFO) {
                name = f.base + "_info";
            }
            out.add(new MetricFamily(name, type, f.help, f.unit, metrics));
        }
        return out;
    }

    /**
     * A family named like another family's samples ({@code h_bucket} beside histogram {@code h})
     * means two families claim the same series names: Prometheus would see one series twice, and
     * the body has no single reading. client_golang refuses it too ({@code checkSuffixCollisions}).
     */
    private void checkSuffixCollisions(List<Problem> problems) {
        for (Family f : byName.values()) {
            if (f.type == null || !f.hasSamples()) {
                continue;
            }
            for (String suffix : sampleSuffixes(f.type)) {
                Family other = byName.get(f.base + suffix);
                if (other != null && other != f && other.hasSamples()) {
                    problems.add(new Problem(other.firstLine, 0, "metric family \"" + other.base
                            + "\" collides with the " + suffix + " samples of " + typeName(f) + " \"" + f.base + "\""));
                }
            }
        }
    }

    private String[] sampleSuffixes(MetricType type) {
        return switch (type) {
            case HISTOGRAM -> openMetrics ? new String[] {"_bucket", "_sum", "_count", "_created"}
                    : new String[] {"_bucket", "_sum", "_count"};
            case GAUGE_HISTOGRAM -> new String[] {"_bucket", "_gsum", "_gcount"};
            case SUMMARY -> openMetrics ? new String[] {"_sum", "_count", "_created"} : new String[] {"_sum", "_count"};
            case COUNTER -> openMetrics ? new String[] {"_total", "_created"} : new String[0];
            case INFO -> openMetrics ? new String[] {"_info"} : new String[0];
            default -> new String[0];
        };
    }

    private static Metric build(Family f, MetricType type, Point p, List<Problem> problems) {
        switch (type.shape()) {
            case VALUE -> {
                if (!p.hasValue) {
                    problems.add(new Problem(p.line, 0, "series " + f.base + p.labels + " has _created but no value"));
                    return null;
                }
                return new ValueMetric(p.labels, p.value, p.ts, p.created, p.exemplar);
            }
            case HISTOGRAM, SUMMARY -> {
                if (p.hasSum != p.hasCount) {
                    problems.add(new Problem(p.line, 0, type.openMetricsName() + " " + f.base + p.labels + " has "
                            + (p.hasSum ? "a sum but no count" : "a count but no sum")));
                    return null;
                }
                double count = p.hasCount ? p.count : Double.NaN;
                double sum = p.hasSum ? p.sum : Double.NaN;
                // The point is dropped after this, so arrays that are exactly full are handed over.
                double[] bounds = exactly(p.bounds, p.n);
                double[] values = exactly(p.counts, p.n);
                if (type.shape() == MetricType.Shape.SUMMARY) {
                    return new SummaryMetric(p.labels, bounds, values, sum, count, p.ts, p.created);
                }
                Exemplar[] ex = p.exemplars == null ? null
                        : p.exemplars.length == p.n ? p.exemplars : Arrays.copyOf(p.exemplars, p.n);
                return new HistogramMetric(p.labels, bounds, values, ex, sum, count, p.ts, p.created, null);
            }
        }
        throw new AssertionError(type);
    }

    private static double[] exactly(double[] a, int n) {
        return a.length == n ? a : Arrays.copyOf(a, n);
    }
}
