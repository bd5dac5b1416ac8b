/**
 * Ferry members on Kafka: the push state replicated through a Kafka topic
 * ({@link io.ferry.cluster.KafkaGroupStore}), shard ownership from a consumer group, and their options
 * ({@link io.ferry.cluster.ClusterOptions}). Nothing here is loaded unless the config has a
 * {@code cluster:} section with {@code bootstrap_servers}.
 */
package io.ferry.cluster;
