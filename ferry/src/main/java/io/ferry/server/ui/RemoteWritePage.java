package io.ferry.server.ui;

import io.ferry.remotewrite.QueueStatus;

import java.util.List;

/**
 * {@code <prefix>/remote-write}: each queue with its receiver, pending samples, disk used, samples
 * sent, last error and a plot of its depth over the last minutes. Stateless.
 */
final class RemoteWritePage {
    private RemoteWritePage() {
    }

    static void main(Html h, List<QueueStatus> queues, Query q) {
        if (queues.isEmpty()) {
            h.open("p", "class", "off").text("Remote write is off: no ").element("code", "remote_write")
                    .text(" is configured (see ").element("code", "docs/remote-write.md").text(").").close("p").nl();
            return;
        }
        h.open("table", "class", "queues").nl().open("tr");
        for (String c : new String[]{"Queue", "Receiver", "Pending samples", "Disk used", "Sent", "Last error", "Depth"}) {
            h.element("th", c);
        }
        h.close("tr").nl();
        for (QueueStatus s : queues) {
            String health = s.lastError().isEmpty() ? "up" : "down";
            h.open("tr", "class", "queue", "data-queue", s.name(), "data-health", health)
                    .element("td", s.name(), "class", "mono")
                    .element("td", s.url().toString(), "class", "mono")
                    .element("td", Long.toString(s.pendingSamples()), "class", "num")
                    .element("td", Text.bytes(s.diskBytes()), "class", "num")
                    .element("td", Long.toString(s.samplesSent()), "class", "num")
                    .open("td");
            if (!s.lastError().isEmpty()) {
                h.element("span", s.lastError(), "class", "error");
                if (s.lastErrorTime() != null) {
                    h.text(" (" + Text.ago(s.lastErrorTime().toEpochMilli(), q.nowMillis()) + ")");
                }
            }
            h.close("td").open("td");
            Svg.line(h, s.depth().stream().mapToDouble(d -> d.pendingSamples()).toArray(), "pending samples", "");
            h.close("td").close("tr").nl();
        }
        h.close("table").nl();
    }
}
