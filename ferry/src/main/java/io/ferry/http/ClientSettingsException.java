package io.ferry.http;

/**
 * Client settings that cannot be turned into a client: a {@code tls_config} file that cannot be
 * read or used, or a {@code proxy_url} Ferry cannot speak to. The message is
 * {@code <key>: <detail>}, e.g. {@code tls_config: /etc/ferry/ca.pem: cannot read: ...}.
 */
public final class ClientSettingsException extends Exception {
    private final String key;
    private final String detail;

    public ClientSettingsException(String key, String detail) {
        super(key + ": " + detail);
        this.key = key;
        this.detail = detail;
    }

    /** The settings key at fault: {@code tls_config} or {@code proxy_url}. */
    public String key() {
        return key;
    }

    /** What is wrong, without the key. */
    public String detail() {
        return detail;
    }
}
