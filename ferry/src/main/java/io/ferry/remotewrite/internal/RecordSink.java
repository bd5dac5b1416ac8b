package io.ferry.remotewrite.internal;

import io.ferry.remotewrite.SendResult;

/**
 * Sends one record's body and returns what became of it; {@code RemoteWriteSender::send} in
 * production (retrying retryable answers until sent, rejected or closed), a fake in unit tests.
 */
@FunctionalInterface
public interface RecordSink {
    SendResult send(byte[] body, int length) throws InterruptedException;
}
