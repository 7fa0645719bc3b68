package org.divs.node;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.divs.config.Topology;

/** The children of an aggregating node, each with the street edges of its subtree. */
final class Children {
  private Children() {}

  static Map<String, List<String>> of(Topology t, String id) {
    Map<String, List<String>> children = new LinkedHashMap<>();
    for (String child : t.childrenOf(id)) {
      if (t.edges().stream().anyMatch(e -> e.id().equals(child))) {
        children.put(child, t.isStreet(child) ? List.of(child) : t.leavesUnder(child));
      }
    }
    return children;
  }
}
