/**
 * Ferry's configuration: the records ({@link io.ferry.config.FerryConfig} and one per section),
 * the YAML loader with file-and-line errors ({@link io.ferry.config.ConfigLoader}) and the
 * command-line overrides ({@link io.ferry.config.ConfigOverrides}). Depends on {@code model} and
 * {@code log} only.
 */
package io.ferry.config;
