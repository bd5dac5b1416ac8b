package io.ferry.exposition;

import io.ferry.model.MetricFamily;

import java.io.InputStream;
import java.util.List;

public final class OpenMetricsParser implements ExpositionParser {
    private final ParseLimits limits;

    public OpenMetricsParser(ParseLimits limits) {
        this.limits = limits;
    }

    @Override
    public List<MetricFamily> parse(InputStream body) throws ExpositionException {
        throw new ExpositionException("not implemented " + limits);
    }
}
