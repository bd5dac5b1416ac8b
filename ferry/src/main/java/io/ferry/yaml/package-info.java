/**
 * YAML text composed into snakeyaml-engine's node tree ({@link io.ferry.yaml.YamlText}), the one
 * place where a syntax error becomes a message with its line: the config file, the web config
 * file, file_sd and http_sd documents and the StatsD mapping file all read their YAML through it.
 */
package io.ferry.yaml;
