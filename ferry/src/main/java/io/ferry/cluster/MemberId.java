package io.ferry.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * A member's name when {@code cluster.member_id} is not given: the host name, the port it listens
 * on and a short hash of its storage path, so that several members on one machine differ and each
 * keeps its name across restarts.
 *
 * <pre>{@code
 * String id = MemberId.derive(9091, Path.of("data"));   // "nas-01:9091:3f2a91c0"
 * }</pre>
 */
public final class MemberId {
    private MemberId() {
    }

    /** {@code configured} when not empty, else the derived name. */
    public static String of(String configured, int port, Path storage) {
        return configured.isEmpty() ? derive(port, storage) : configured;
    }

    public static String derive(int port, Path storage) {
        CRC32 crc = new CRC32();
        crc.update(storage.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
        return host() + ":" + port + ":" + String.format("%08x", crc.getValue());
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
