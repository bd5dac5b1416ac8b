/**
 * Ferry's configuration file, read at the edge: the YAML loader with file-and-line errors
 * ({@link io.ferry.config.ConfigLoader}), the command-line overrides
 * ({@link io.ferry.config.ConfigOverrides}), and the records of the file's sections
 * ({@link io.ferry.config.FerryConfig}), which only {@code server} and {@code cli} read. What a
 * component is configured with is its own record ({@code scrape.ScrapeJob},
 * {@code remotewrite.Receiver}, {@code relabel.RelabelRule}, {@code http.HttpClientSettings}...),
 * which the readers here build as they validate the file. What each package depends on is in
 * {@code docs/architecture.md}.
 */
package io.ferry.config;
