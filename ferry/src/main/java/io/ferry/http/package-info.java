/**
 * HTTP details shared by Ferry's clients: the push client of {@code ferry push} and {@code ferry
 * run}, and the clients of scrape jobs, http_sd and remote write, which all build their
 * client and {@code Authorization} header with {@link io.ferry.http.HttpClientFactory} from
 * prometheus.yml's settings ({@link io.ferry.http.HttpClientSettings}). Scrapes and remote write
 * send through {@link io.ferry.http.Http11Client}, HTTP/1.1 on the caller's thread.
 */
package io.ferry.http;
