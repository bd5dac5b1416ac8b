package io.ferry.remotewrite.internal;

import io.ferry.remotewrite.RemoteWriteSender;
import io.ferry.remotewrite.SendResult;

/**
 * Sends one record's body and returns what became of it; {@code RemoteWriteSender::send} in
 * production (retrying retryable answers until sent, rejected or closed), a fake in unit tests.
 */
@FunctionalInterface
public interface RecordSink {
    /** @param retries told of each retryable attempt as it happens, before the wait for the next */
    SendResult send(byte[] body, int length, RemoteWriteSender.Retries retries) throws InterruptedException;
}
