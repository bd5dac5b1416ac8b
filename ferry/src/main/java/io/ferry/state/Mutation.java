package io.ferry.state;

import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;

import java.util.List;

/**
 * A change to the stored groups, as the push API asks for it. Every mutation carries absolute
 * values (times included), so applying one twice gives the same state as applying it once: the log
 * can be replayed over a snapshot that already holds part of it.
 */
public sealed interface Mutation {

    /** PUT: the group's families become exactly these; its push time becomes {@code timeSeconds}. */
    record Replace(Labels key, List<MetricFamily> families, double timeSeconds) implements Mutation {
        public Replace {
            families = List.copyOf(families);
        }
    }

    /** POST: families of these names are replaced, others kept; push time becomes {@code timeSeconds}. */
    record Merge(Labels key, List<MetricFamily> families, double timeSeconds) implements Mutation {
        public Merge {
            families = List.copyOf(families);
        }
    }

    /** A rejected push: the group is created if absent, and its failure time set. */
    record Failure(Labels key, double timeSeconds) implements Mutation {
    }

    /** DELETE: the group with exactly this key goes. */
    record Delete(Labels key) implements Mutation {
    }

    /** Every group goes. */
    record Wipe() implements Mutation {
    }

    /** A whole group as a snapshot holds it. */
    record Restore(Group group) implements Mutation {
    }
}
