package io.ferry.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * The {@code Authorization} header that prometheus.yml's {@code basic_auth} or {@code authorization}
 * asks for, as scrape jobs, http_sd and remote_write send it.
 *
 * <pre>{@code
 * String header = ClientAuth.header(job.http(), configDir);   // null: send none
 * }</pre>
 *
 * <p>Secret files are read at each call, relative to {@code baseDir} (the config file's directory),
 * and trimmed of surrounding white space, as Prometheus does; call it per request so a rotated file
 * needs no reload. Stateless and thread-safe.
 */
public final class ClientAuth {
    private ClientAuth() {
    }

    /** The header's value, or null when the config asks for none; throws naming an unreadable file. */
    public static String header(HttpClientSettings http, Path baseDir) throws IOException {
        BasicAuth basic = http.basicAuth();
        if (basic != null) {
            String password = basic.passwordFile() != null ? secret(baseDir, basic.passwordFile(), "password_file")
                    : basic.password() == null ? "" : basic.password().reveal();
            return "Basic " + Base64.getEncoder().encodeToString((basic.username() + ":" + password)
                    .getBytes(StandardCharsets.UTF_8));
        }
        AuthorizationHeader auth = http.authorization();
        if (auth != null) {
            String credentials = auth.credentialsFile() != null ? secret(baseDir, auth.credentialsFile(), "credentials_file")
                    : auth.credentials() == null ? "" : auth.credentials().reveal();
            return auth.type() + " " + credentials;
        }
        return null;
    }

    private static String secret(Path baseDir, Path file, String key) throws IOException {
        Path path = baseDir.resolve(file);
        try {
            return Files.readString(path, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IOException(key + " " + path + ": cannot read: " + e.getMessage(), e);
        }
    }
}
