package io.ferry.server.ui;

import java.util.function.Consumer;

/**
 * The frame every page shares: the head with the jar's stylesheet and script, one navigation bar
 * with the current page marked, the page's filter form (outside {@code main}, so a refresh never
 * resets what is being typed), and {@code <main id="live">}, which {@code ferry.js} replaces on each
 * refresh. No inline script or style, so the {@link #CSP} holds. Stateless.
 */
final class Layout {
    /** The policy every page is served with: nothing but the jar's own script and stylesheet runs. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    /** Seconds between refreshes unless {@code ?refresh=} says otherwise; 0 turns them off. */
    static final int DEFAULT_REFRESH_SECONDS = 5;
    private static final int MAX_REFRESH_SECONDS = 3600;

    private Layout() {
    }

    /**
     * A whole page.
     *
     * @param links the path prefix of links (the external URL's path, without a trailing slash)
     * @param form  writes the filter form, or nothing
     * @param main  writes what {@code <main id="live">} holds
     */
    static String page(String links, Page current, Query q, Consumer<Html> form, Consumer<Html> main) {
        Html h = new Html();
        h.markup("<!DOCTYPE html>\n").open("html", "lang", "en").nl().open("head").nl()
                .open("meta", "charset", "utf-8").nl()
                .open("meta", "name", "viewport", "content", "width=device-width, initial-scale=1").nl()
                .open("meta", "name", "robots", "content", "noindex,nofollow").nl()
                .element("title", current.title() + " · Ferry").nl()
                .open("link", "rel", "stylesheet", "href", links + "/static/ferry.css").nl()
                // An empty icon: without one the browser asks for /favicon.ico, a 404 in its console.
                .open("link", "rel", "icon", "href", "data:,").nl()
                .open("script", "src", links + "/static/ferry.js", "defer", "").close("script").nl()
                .close("head").nl()
                .open("body", "data-refresh", Integer.toString(refreshSeconds(q))).nl();
        nav(h, links, current);
        h.open("header").element("h1", current.title()).nl();
        form.accept(h);
        h.element("p", "", "id", "ui-message", "class", "message", "role", "alert", "hidden", "").nl();
        h.close("header").nl().open("main", "id", "live").nl();
        main.accept(h);
        return h.close("main").nl().close("body").nl().close("html").nl().toString();
    }

    /** The seconds {@code ?refresh=} asks for (0 = off), within bounds; the default when absent or unreadable. */
    static int refreshSeconds(Query q) {
        String v = q.first("refresh");
        if (v.isEmpty()) {
            return DEFAULT_REFRESH_SECONDS;
        }
        try {
            return Math.clamp(Long.parseLong(v), 0, MAX_REFRESH_SECONDS);
        } catch (NumberFormatException e) {
            return DEFAULT_REFRESH_SECONDS;
        }
    }

    private static void nav(Html h, String links, Page current) {
        h.open("nav", "class", "nav").element("span", "Ferry", "class", "brand");
        for (Page p : Page.values()) {
            boolean here = p == current;
            h.element("a", p.title(), "href", links + p.path(), "class", here ? "current" : null,
                    "aria-current", here ? "page" : null);
        }
        h.close("nav").nl();
    }

    /** The one line a page shows when its route is off: what turns it on, and where that is documented. */
    static void off(Html h, String what, String setting, String doc) {
        h.open("p", "class", "off").text(what + " is off: set ").element("code", setting)
                .text(" to turn it on (see ").element("code", doc).text(").").close("p").nl();
    }
}
