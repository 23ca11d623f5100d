package dev.parley.benchmarks.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;

/** JSON helpers shared by the scenarios and the suite. */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

  private Json() {}

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** Percentiles of a histogram of microseconds. */
  public static ObjectNode latency(Histogram h) {
    ObjectNode n = object();
    n.put("count", h.getTotalCount());
    if (h.getTotalCount() == 0) {
      return n;
    }
    n.put("p50Us", h.getValueAtPercentile(50));
    n.put("p90Us", h.getValueAtPercentile(90));
    n.put("p99Us", h.getValueAtPercentile(99));
    n.put("p999Us", h.getValueAtPercentile(99.9));
    n.put("maxUs", h.getMaxValue());
    n.put("meanUs", Math.round(h.getMean()));
    return n;
  }

  /** Rounds to 3 significant decimals for readable result files. */
  public static double round(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return v;
    }
    return Math.round(v * 1000.0) / 1000.0;
  }
}
