package io.ferry.tunnel.proxy;

/**
 * One entry of a client's {@code X-Ferry-Client-Targets}: a port, and the path scrapes of it may
 * use ({@code ""}: any path).
 *
 * <pre>{@code
 * List<DeclaredTarget> t = ClientDeclaration.targets("9100/metrics, 9256/probe, 8080");
 * t.get(0).toString();   // "9100/metrics"
 * }</pre>
 *
 * @param port 1 to 65535
 * @param path {@code ""} or an absolute path starting with {@code /}
 */
public record DeclaredTarget(int port, String path) {

    public DeclaredTarget {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
        }
        if (!path.isEmpty() && !path.startsWith("/")) {
            throw new IllegalArgumentException("path " + path + " does not start with /");
        }
    }

    /** The header form, {@code 9100/metrics} or {@code 8080}. */
    @Override
    public String toString() {
        return path.isEmpty() ? Integer.toString(port) : port + path;
    }
}
