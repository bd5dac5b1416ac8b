package io.ferry.remotewrite.internal;

/**
 * The series of a commit's samples that came as {@link io.ferry.model.LabelFields}, beside its label
 * sets: sample {@code i}'s series is {@code fields[i][offsets[i] .. offsets[i] + lengths[i])} when
 * {@code fields[i]} is not null, else its label set. The arrays are the appender's, read by the
 * commit that owns them.
 */
public record EncodedSeries(byte[][] fields, int[] offsets, int[] lengths) {
}
