package io.ferry.statsd.mapping;

/** What an observer event ({@code ms}, {@code h}, {@code d}) becomes: {@code observer_type: summary} or {@code histogram}. */
public enum ObserverType {
    SUMMARY, HISTOGRAM
}
