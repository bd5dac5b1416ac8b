package io.ferry.http;

import java.nio.file.Path;

/**
 * {@code authorization:} of a scrape job or remote_write: the header {@code Authorization: <type> <credentials>}.
 *
 * @param type            {@code Bearer} unless set; never {@code Basic} (that is {@code basic_auth})
 * @param credentials     null when {@code credentials_file} is set or neither is
 * @param credentialsFile null when not set
 */
public record AuthorizationHeader(String type, ClientSecret credentials, Path credentialsFile) {
}
