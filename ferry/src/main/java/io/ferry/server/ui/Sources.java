package io.ferry.server.ui;

import io.ferry.liveness.ProducerView;
import io.ferry.scrape.ScrapeManager;
import io.ferry.state.Group;

import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the pages show, each read afresh at every render (on a worker thread, never the event loop).
 *
 * @param groups  the stored push groups
 * @param scrapes the scrape jobs with their active and dropped targets
 * @param producers every producer of every route, judged now ({@code ProducerRegistry.producers()})
 * @param about   Ferry itself: build, start time, flags
 */
public record Sources(Supplier<Collection<Group>> groups, Supplier<List<ScrapeManager.Pool>> scrapes,
                      Supplier<List<ProducerView>> producers, About about) {
}
