/**
 * statsd_exporter's mapping file and the mapper that applies it: {@link io.ferry.statsd.mapping.MappingConfig}
 * reads and checks the YAML, {@link io.ferry.statsd.mapping.Mapper} turns a StatsD name and kind into a
 * {@link io.ferry.statsd.mapping.Mapping} (glob rules through a tree of segments, then regex rules, with a
 * bounded cache of results).
 */
package io.ferry.statsd.mapping;
