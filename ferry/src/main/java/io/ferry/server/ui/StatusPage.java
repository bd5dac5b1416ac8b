package io.ferry.server.ui;

import io.ferry.push.GoTime;

import java.util.Map;
import java.util.TreeMap;

/**
 * {@code <prefix>/status}: the build, the start time and every flag in effect, as
 * {@code <th>--flag</th><td>value</td>}, with links to what Prometheus scrapes and to the JSON API.
 * Stateless.
 */
final class StatusPage {
    private StatusPage() {
    }

    static void main(Html h, About about, String links) {
        h.open("p").text("Scrape: ").element("a", about.metricsPath(), "href", links + about.metricsPath())
                .text(". JSON: ").element("a", "api/v1/metrics", "href", links + "/api/v1/metrics").text(", ")
                .element("a", "api/v1/status", "href", links + "/api/v1/status").text(", ")
                .element("a", "api/v1/targets", "href", links + "/api/v1/targets").text(", ")
                .element("a", "api/v1/producers", "href", links + "/api/v1/producers").text(".").close("p").nl();
        h.element("h2", "Build").nl().open("table", "class", "facts").nl();
        row(h, "Start time", GoTime.rfc3339Nano(about.startTime(), about.zone()));
        new TreeMap<>(about.buildInformation()).forEach((k, v) -> row(h, k, v));
        h.close("table").nl().element("h2", "Flags").nl().open("table", "class", "facts flags").nl();
        for (Map.Entry<String, String> f : new TreeMap<>(about.flags().get()).entrySet()) {
            row(h, "--" + f.getKey(), f.getValue());
        }
        h.close("table").nl();
    }

    private static void row(Html h, String name, String value) {
        h.open("tr").element("th", name).element("td", value).close("tr").nl();
    }
}
