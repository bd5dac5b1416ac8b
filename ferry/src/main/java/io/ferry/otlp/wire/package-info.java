/**
 * OTLP metrics on the wire: the decoded request ({@link io.ferry.otlp.wire.ExportRequest} and the
 * records under it), hand-written decoders of the protobuf and JSON encodings of
 * {@code ExportMetricsServiceRequest}, and the responses ({@code ExportMetricsServiceResponse},
 * {@code google.rpc.Status}) in both encodings. Knows nothing of Prometheus' model: conversion is in
 * {@code io.ferry.otlp.convert}.
 */
package io.ferry.otlp.wire;
