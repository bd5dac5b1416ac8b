package io.ferry.scrape;

import io.ferry.model.Labels;
import io.ferry.model.SampleAppender;

import java.util.ArrayList;
import java.util.List;

/** A {@link SampleAppender.Storage} that keeps committed samples in memory, for tests of the scrape layer. */
final class RecordingStorage implements SampleAppender.Storage {
    record Sample(long key, Labels series, long timestampMs, double value) {
    }

    private final List<Sample> committed = new ArrayList<>();

    @Override
    public SampleAppender appender(long key) {
        return new SampleAppender() {
            private final List<Sample> pending = new ArrayList<>();

            @Override
            public void append(Labels series, long timestampMs, double value) {
                pending.add(new Sample(key, series, timestampMs, value));
            }

            @Override
            public void commit() {
                synchronized (RecordingStorage.this) {
                    committed.addAll(pending);
                    RecordingStorage.this.notifyAll();
                }
                pending.clear();
            }

            @Override
            public void rollback() {
                pending.clear();
            }
        };
    }

    synchronized List<Sample> samples() {
        return List.copyOf(committed);
    }

    synchronized void clear() {
        committed.clear();
    }
}
