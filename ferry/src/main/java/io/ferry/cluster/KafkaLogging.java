package io.ferry.cluster;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Kafka's clients log their whole configuration at info each time one is made; Ferry's log takes
 * only their warnings. Call {@link #quiet} before making a client.
 */
public final class KafkaLogging {
    /** Held, so that the level set on it is not lost with a collected logger. */
    private static final Logger KAFKA = Logger.getLogger("org.apache.kafka");

    private KafkaLogging() {
    }

    public static void quiet() {
        KAFKA.setLevel(Level.WARNING);
    }
}
