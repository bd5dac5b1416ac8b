package io.ferry.statsd.mapping;

/** Placeholder with the contract's shape until statsd-mapping lands. */
public final class MappingException extends Exception {
    public MappingException(String message) {
        super(message);
    }
}
