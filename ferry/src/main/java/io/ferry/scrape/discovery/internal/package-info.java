/** Parsing of target group lists (JSON, YAML), the TLS and body helpers of http_sd, and task scheduling. Not API. */
package io.ferry.scrape.discovery.internal;
