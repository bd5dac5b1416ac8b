package io.ferry.server.ui;

import io.ferry.liveness.ProducerRegistry;
import io.ferry.liveness.Slot;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The UI's plots, drawn by hand as inline SVG: no library, no script, no inline style (colours are
 * presentation attributes and classes from {@code ferry.css}, which the page's policy allows).
 * Every plot carries a {@code <title>} with its numbers in words, for screen readers and tooltips.
 * Stateless.
 *
 * <pre>{@code
 * Svg.strip(h, view.history());                     // the last intervals: on time, late, missing, failed
 * Svg.line(h, durations, "scrape duration", "s");
 * }</pre>
 */
final class Svg {
    /** One slot of the strip: its width, the gap after it and its height, in CSS pixels. */
    static final int SLOT_WIDTH = 6;
    static final int SLOT_GAP = 1;
    static final int STRIP_HEIGHT = 14;
    /** A slot colour per kind; a slot not yet filled (a young producer) is {@link #EMPTY}. */
    private static final Map<Slot, String> FILL = new EnumMap<>(Map.of(
            Slot.ON_TIME, "#1a7f37", Slot.LATE, "#d4a72c", Slot.MISSING, "#ff8182", Slot.FAILED, "#a40e26"));
    private static final String EMPTY = "#eaeef2";
    /** The line plot's size in CSS pixels: small enough to sit in a table cell. */
    static final int LINE_WIDTH = 120;
    static final int LINE_HEIGHT = 24;

    private Svg() {
    }

    /**
     * The history strip: {@link ProducerRegistry#HISTORY} slots, the newest on the right, so strips
     * of young and old producers line up; each slot a rect with its class ({@code slot-late}) and fill.
     */
    static void strip(Html h, List<Slot> history) {
        int n = ProducerRegistry.HISTORY;
        int width = n * (SLOT_WIDTH + SLOT_GAP) - SLOT_GAP;
        h.open("svg", "class", "strip", "xmlns", "http://www.w3.org/2000/svg", "width", Integer.toString(width),
                "height", Integer.toString(STRIP_HEIGHT), "viewBox", "0 0 " + width + " " + STRIP_HEIGHT, "role", "img");
        h.element("title", stripTitle(history));
        List<Slot> shown = history.subList(Math.max(0, history.size() - n), history.size());
        int empty = n - shown.size();
        for (int i = 0; i < n; i++) {
            Slot slot = i < empty ? null : shown.get(i - empty);
            h.open("rect", "class", slot == null ? "slot-empty" : "slot-" + slot.label(),
                    "x", Integer.toString(i * (SLOT_WIDTH + SLOT_GAP)), "y", "0", "width", Integer.toString(SLOT_WIDTH),
                    "height", Integer.toString(STRIP_HEIGHT), "fill", slot == null ? EMPTY : FILL.get(slot)).close("rect");
        }
        h.close("svg");
    }

    /** {@code last 30: 27 on time, 2 late, 1 missing}; {@code no history yet}. */
    static String stripTitle(List<Slot> history) {
        if (history.isEmpty()) {
            return "no history yet";
        }
        Map<Slot, Integer> counts = new EnumMap<>(Slot.class);
        history.forEach(s -> counts.merge(s, 1, Integer::sum));
        StringBuilder t = new StringBuilder("last ").append(history.size()).append(':');
        String sep = " ";
        for (Map.Entry<Slot, Integer> e : counts.entrySet()) {
            t.append(sep).append(e.getValue()).append(' ').append(e.getKey().label().replace('_', ' '));
            sep = ", ";
        }
        return t.toString();
    }

    /**
     * A line plot of {@code values}, oldest first, scaled from 0 to their maximum; nothing drawn but
     * an empty frame when there are fewer than two. NaN values are skipped (the line breaks).
     *
     * @param what what the values are, for the title ({@code "scrape duration"})
     * @param unit the unit shown after the last and largest value ({@code "s"}), or {@code ""}
     */
    static void line(Html h, double[] values, String what, String unit) {
        double max = 0;
        double last = Double.NaN;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                max = Math.max(max, v);
                last = v;
            }
        }
        h.open("svg", "class", "plot", "xmlns", "http://www.w3.org/2000/svg", "width", Integer.toString(LINE_WIDTH),
                "height", Integer.toString(LINE_HEIGHT), "viewBox", "0 0 " + LINE_WIDTH + " " + LINE_HEIGHT,
                "role", "img");
        h.element("title", values.length < 2 || Double.isNaN(last) ? what + ": no history yet"
                : what + ": last " + number(last) + unit + ", max " + number(max) + unit
                + " over the last " + values.length);
        h.open("rect", "class", "frame", "x", "0.5", "y", "0.5", "width", Integer.toString(LINE_WIDTH - 1),
                "height", Integer.toString(LINE_HEIGHT - 1), "fill", "none").close("rect");
        if (values.length >= 2) {
            StringBuilder d = new StringBuilder();
            boolean pen = false;
            double step = (LINE_WIDTH - 4) / (double) (values.length - 1);
            for (int i = 0; i < values.length; i++) {
                if (Double.isNaN(values[i])) {
                    pen = false;
                    continue;
                }
                double x = 2 + i * step;
                double y = LINE_HEIGHT - 2 - (max > 0 ? values[i] / max : 0) * (LINE_HEIGHT - 4);
                d.append(pen ? " L" : (d.isEmpty() ? "M" : " M")).append(coordinate(x)).append(' ').append(coordinate(y));
                pen = true;
            }
            if (!d.isEmpty()) {
                h.open("path", "class", "line", "d", d.toString(), "fill", "none", "stroke", "#1f6feb",
                        "stroke-width", "1.5").close("path");
            }
        }
        h.close("svg");
    }

    /** A value for a title: up to three decimals, no exponent. */
    static String number(double v) {
        String s = String.format(Locale.ROOT, "%.3f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static String coordinate(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
