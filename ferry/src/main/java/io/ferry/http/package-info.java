/**
 * HTTP details shared by Ferry's clients: the push client of {@code ferry push} and {@code ferry
 * run}, and the clients of scrape jobs, http_sd and remote write, which all build their
 * {@code HttpClient} and {@code Authorization} header with {@link io.ferry.http.HttpClientFactory}
 * from prometheus.yml's settings ({@link io.ferry.http.HttpClientSettings}).
 */
package io.ferry.http;
