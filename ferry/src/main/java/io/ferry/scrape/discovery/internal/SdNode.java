package io.ferry.scrape.discovery.internal;

import java.util.List;

/**
 * A parsed JSON or YAML value with the line it starts on, so that both formats of a target group
 * list are checked by one reader ({@link TargetGroupReader}) with the same messages.
 */
public sealed interface SdNode {

    /** 1-based line where the value starts. */
    int line();

    /** An object or mapping; fields in file order. */
    record Obj(int line, List<Field> fields) implements SdNode {
    }

    record Field(String name, int line, SdNode value) {
    }

    record Arr(int line, List<SdNode> items) implements SdNode {
    }

    /**
     * A string, number or boolean as written.
     *
     * @param quoted true for a JSON string or a YAML string scalar; false for numbers and booleans
     */
    record Scalar(int line, String text, boolean quoted) implements SdNode {
    }

    record Null(int line) implements SdNode {
    }

    /** What a user would call this kind of value in an error message. */
    static String describe(SdNode n) {
        return switch (n) {
            case Obj o -> "an object";
            case Arr a -> "a list";
            case Scalar s -> s.quoted() ? "a string" : "the value " + s.text();
            case Null x -> "null";
        };
    }
}
