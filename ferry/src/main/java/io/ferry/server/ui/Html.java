package io.ferry.server.ui;

/**
 * The one way the UI writes HTML: every text and attribute value goes through {@link #escape}, so
 * nothing a client pushed, a target answered or a flag holds can add markup. Markup itself comes
 * only from tag names and attribute names, which are constants in the page classes. Not thread-safe:
 * one per response.
 *
 * <pre>{@code
 * Html h = new Html();
 * h.open("td", "class", "health-down").text(error).close("td");
 * h.element("a", label, "href", url);
 * }</pre>
 */
final class Html {
    private final StringBuilder out = new StringBuilder(8192);

    /** {@code <name a="v" ...>}: attributes as name, value pairs; a {@code null} value leaves the attribute out. */
    Html open(String name, String... attributes) {
        out.append('<').append(name);
        for (int i = 0; i + 1 < attributes.length; i += 2) {
            String value = attributes[i + 1];
            if (value != null) {
                out.append(' ').append(attributes[i]).append("=\"").append(escape(value)).append('"');
            }
        }
        out.append('>');
        return this;
    }

    /** {@code </name>}. */
    Html close(String name) {
        out.append("</").append(name).append('>');
        return this;
    }

    /** {@code <name attributes>text</name>}. */
    Html element(String name, String text, String... attributes) {
        return open(name, attributes).text(text).close(name);
    }

    /** Text, escaped. */
    Html text(String s) {
        out.append(escape(s));
        return this;
    }

    /** A number. */
    Html text(long n) {
        out.append(n);
        return this;
    }

    /** A line break in the source, for people reading it. */
    Html nl() {
        out.append('\n');
        return this;
    }

    /** Markup this package wrote itself (the doctype, {@link Svg}'s numbers); never anything received. */
    Html markup(String trusted) {
        out.append(trusted);
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    /** Text and attribute values safe in HTML: {@code & < > " '} as character references. */
    static String escape(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            String r = switch (s.charAt(i)) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&#34;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (r != null && b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (b != null) {
                if (r != null) {
                    b.append(r);
                } else {
                    b.append(s.charAt(i));
                }
            }
        }
        return b == null ? s : b.toString();
    }
}
