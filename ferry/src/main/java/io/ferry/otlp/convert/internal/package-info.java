/** The converter's parts: name and label translation, native buckets, delta arithmetic. */
package io.ferry.otlp.convert.internal;
