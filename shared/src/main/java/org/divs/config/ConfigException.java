package org.divs.config;

import java.util.List;
import java.util.stream.Collectors;

/** A topology config that cannot be used; holds every fault found, not only the first. */
public final class ConfigException extends RuntimeException {

  private final transient List<ConfigFault> faults;

  /**
   * Creates the exception.
   *
   * @param faults the faults found, at least one
   */
  public ConfigException(List<ConfigFault> faults) {
    super(describe(faults));
    this.faults = List.copyOf(faults);
  }

  /** Returns the faults in the order they were found: schema faults first, then the rules. */
  public List<ConfigFault> faults() {
    return faults;
  }

  private static String describe(List<ConfigFault> faults) {
    if (faults.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one fault");
    }
    return faults.stream()
        .map(ConfigFault::toString)
        .collect(
            Collectors.joining(
                "\n", "Invalid topology config (" + faults.size() + " fault(s)):\n", ""));
  }
}
