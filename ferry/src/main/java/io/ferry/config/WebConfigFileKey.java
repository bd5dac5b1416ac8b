package io.ferry.config;

import java.nio.file.Path;

/**
 * Reads {@code web.config_file} into {@link AuthConfig}: the exporter-toolkit web config file, as
 * {@code --web.config.file} names it. {@link WebSection} allows the key and reads the others; a
 * relative path is resolved against the config file's directory.
 */
final class WebConfigFileKey {
    private WebConfigFileKey() {
    }

    static AuthConfig read(YamlMapping web, AuthConfig auth) throws ConfigException {
        java.util.Optional<String> file = web.string("config_file");
        if (file.isEmpty()) {
            return auth;
        }
        if (file.get().isEmpty()) {
            throw web.error("config_file", "must not be empty");
        }
        Path dir = Path.of(web.file()).toAbsolutePath().getParent();
        return auth.withWebConfigFile(dir == null ? Path.of(file.get()) : dir.resolve(file.get()));
    }
}
