package io.ferry.server.ui;

/**
 * The web UI's pages, in the order of the navigation bar: each with its path under the route prefix,
 * its title and the handler name its requests are counted under in {@code ferry_http_*}.
 *
 * <pre>{@code
 * routes.get(prefix + Page.TARGETS.path(), Page.TARGETS.handlerName(), auth.read(), ui.handler(Page.TARGETS));
 * }</pre>
 */
public enum Page {
    OVERVIEW("/", "Fleet", "fleet"),
    GROUPS("/groups", "Push groups", "groups"),
    TARGETS("/targets", "Targets", "targets"),
    TUNNEL("/tunnel", "Tunnel", "tunnel"),
    STATSD("/statsd", "StatsD", "statsd"),
    OTLP("/otlp", "OTLP", "otlp"),
    REMOTE_WRITE("/remote-write", "Remote write", "remote_write"),
    CLUSTER("/cluster", "Cluster", "cluster"),
    STATUS("/status", "Status", "status");

    private final String path;
    private final String title;
    private final String handlerName;

    Page(String path, String title, String handlerName) {
        this.path = path;
        this.title = title;
        this.handlerName = handlerName;
    }

    /** The path under the route prefix, starting with {@code /}. */
    public String path() {
        return path;
    }

    public String title() {
        return title;
    }

    /** The {@code handler} label of this page's {@code ferry_http_*} series. */
    public String handlerName() {
        return handlerName;
    }
}
