package io.ferry.http;

import java.nio.file.Path;

/**
 * {@code basic_auth:} of a scrape job or remote_write: a username and either a password or a file
 * holding it (read when used, so a rotated file needs no reload).
 *
 * @param password     null when {@code password_file} is set or neither is
 * @param passwordFile null when not set
 */
public record BasicAuth(String username, ClientSecret password, Path passwordFile) {
}
