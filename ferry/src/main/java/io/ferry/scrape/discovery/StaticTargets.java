package io.ferry.scrape.discovery;

import java.util.List;
import java.util.Map;

/** One item of {@code static_configs:}: targets ({@code host:port}) and the labels they all get. */
public record StaticTargets(List<String> targets, Map<String, String> labels) {
}
