package io.ferry.http;

/** A PEM file that cannot be used, with the file and line in the message. */
public final class PemException extends Exception {
    public PemException(String message) {
        super(message);
    }
}
