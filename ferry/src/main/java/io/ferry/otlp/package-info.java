/**
 * OTLP metrics ingestion: OpenTelemetry's push over HTTP and gRPC, decoded ({@code otlp.wire}),
 * converted to Prometheus' model ({@code otlp.convert}) and merged into the durable group store, one
 * group per resource, acknowledged once durable.
 */
package io.ferry.otlp;
