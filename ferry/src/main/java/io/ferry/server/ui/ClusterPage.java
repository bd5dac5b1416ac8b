package io.ferry.server.ui;

import java.util.List;

/**
 * {@code <prefix>/cluster}: this member's part in the cluster, from the same {@link ClusterView} as
 * {@code GET /api/v1/cluster}: mode, readiness, the shards it owns and the state it holds; on Kafka
 * the group's members with their shards and each state partition's applied offset and lag. A
 * Ferry alone says so in one line. Stateless.
 */
final class ClusterPage {
    private ClusterPage() {
    }

    static void main(Html h, ClusterView v, String links) {
        if (v.alone()) {
            h.open("p", "class", "off").text("This Ferry runs alone: no ").element("code", "cluster:")
                    .text(" section, so it shares neither push state nor scrape targets (see ")
                    .element("code", "docs/cluster.md").text(").").close("p").nl();
            return;
        }
        h.open("p").text("JSON: ").element("a", "api/v1/cluster", "href", links + "/api/v1/cluster").text(".")
                .close("p").nl();
        h.open("table", "class", "facts").nl();
        row(h, "Member", v.member());
        row(h, "Mode", v.mode());
        h.open("tr").element("th", "Ready").open("td");
        badge(h, v.ready() ? "up" : "down", v.ready() ? "ready" : "not ready");
        h.close("td").close("tr").nl();
        row(h, "Shards owned", v.ownedShards().size() + " of " + v.shards() + shardList(v.ownedShards()));
        row(h, "State", v.groups() + " groups, " + v.series() + " series");
        v.kafka().ifPresent(k -> row(h, "Caught up", k.caughtUp() ? "yes" : "no: replaying the state topic"));
        h.close("table").nl();
        v.kafka().ifPresent(k -> {
            members(h, v.member(), k);
            partitions(h, k);
        });
    }

    private static void members(Html h, String self, ClusterView.Kafka k) {
        h.element("h2", "Members").nl();
        if (!k.membersError().isEmpty()) {
            h.element("p", "cannot read the members: " + k.membersError(), "class", "error").nl();
            return;
        }
        h.open("table", "class", "members").nl().open("tr").element("th", "Member").element("th", "Host")
                .element("th", "Shards", "class", "num").element("th", "Owned shards").close("tr").nl();
        for (ClusterView.Member m : k.members()) {
            boolean here = m.member().equals(self);
            h.open("tr", "class", here ? "member self" : "member", "data-member", m.member())
                    .element("td", here ? m.member() + " (this member)" : m.member(), "class", "mono")
                    .element("td", m.host(), "class", "mono")
                    .element("td", Integer.toString(m.shards().size()), "class", "num")
                    .element("td", ranges(m.shards()), "class", "mono").close("tr").nl();
        }
        h.close("table").nl();
    }

    private static void partitions(Html h, ClusterView.Kafka k) {
        h.element("h2", "State partitions").nl();
        if (!k.endOffsetsError().isEmpty()) {
            h.element("p", "cannot read the end offsets, so no lag: " + k.endOffsetsError(), "class", "error").nl();
        }
        h.open("table", "class", "partitions").nl().open("tr").element("th", "Partition").element("th", "Decided here")
                .element("th", "Applied offset", "class", "num").element("th", "End offset", "class", "num")
                .element("th", "Lag", "class", "num").close("tr").nl();
        for (ClusterView.Partition p : k.partitions()) {
            h.open("tr", "class", "partition", "data-partition", Integer.toString(p.partition()))
                    .element("td", Integer.toString(p.partition()), "class", "num")
                    .element("td", p.owned() ? "yes" : "no")
                    .element("td", Long.toString(p.appliedOffset()), "class", "num")
                    .element("td", p.endOffset().isPresent() ? Long.toString(p.endOffset().getAsLong()) : "", "class", "num")
                    .element("td", p.lag().isPresent() ? Long.toString(p.lag().getAsLong()) : "", "class", "num")
                    .close("tr").nl();
        }
        h.close("table").nl();
    }

    private static void row(Html h, String name, String value) {
        h.open("tr").element("th", name).element("td", value).close("tr").nl();
    }

    private static void badge(Html h, String health, String text) {
        h.element("span", text, "class", "badge health-" + health);
    }

    private static String shardList(List<Integer> shards) {
        return shards.isEmpty() ? "" : ": " + ranges(shards);
    }

    /** Ascending shards as runs: {@code 0-3, 8, 10-11}. */
    static String ranges(List<Integer> shards) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < shards.size(); ) {
            int j = i;
            while (j + 1 < shards.size() && shards.get(j + 1) == shards.get(j) + 1) {
                j++;
            }
            if (!out.isEmpty()) {
                out.append(", ");
            }
            out.append(shards.get(i));
            if (j > i) {
                out.append('-').append(shards.get(j));
            }
            i = j + 1;
        }
        return out.toString();
    }
}
