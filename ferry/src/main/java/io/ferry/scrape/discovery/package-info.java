/**
 * Service discovery for scrape jobs, with Prometheus' semantics: {@link io.ferry.scrape.discovery.StaticDiscoverer}
 * ({@code static_configs}), {@link io.ferry.scrape.discovery.FileDiscoverer} ({@code file_sd_configs}),
 * {@link io.ferry.scrape.discovery.HttpDiscoverer} ({@code http_sd_configs}),
 * {@link io.ferry.scrape.discovery.DnsDiscoverer} ({@code dns_sd_configs}) and
 * {@link io.ferry.scrape.discovery.TunnelDiscoverer} ({@code tunnel_sd_configs}, from a
 * {@link io.ferry.scrape.discovery.TunnelRegistry}), each a
 * {@link io.ferry.scrape.discovery.Discoverer} sending {@link io.ferry.scrape.discovery.TargetGroup}s.
 * {@link io.ferry.scrape.discovery.Discoverers#forJob} builds those of a job. See {@code docs/scrape.md}.
 */
package io.ferry.scrape.discovery;
