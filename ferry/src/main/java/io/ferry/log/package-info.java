/**
 * Ferry's structured logging: a tiny facade ({@link io.ferry.log.Logger}) writing logfmt or JSON
 * lines to stderr through one {@link io.ferry.log.LogSink}, with java.util.logging bridged in so
 * libraries share the format.
 */
package io.ferry.log;
