package io.ferry.otlp.convert;

/** Contract stub (otlp-convert replaces it at merge). */
public enum DeltaPolicy { ACCUMULATE, REJECT }
