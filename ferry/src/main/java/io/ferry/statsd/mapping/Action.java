package io.ferry.statsd.mapping;

/** What to do with an event a mapping matched: {@code action: map} (the default) or {@code action: drop}. */
public enum Action {
    MAP, DROP
}
