package org.divs.sim;

import java.util.HashMap;
import java.util.Map;

/**
 * The units of a city on their hosts, and the messages between them. Between two units on one host
 * a message costs the local bus; between hosts it crosses the sender's and the receiver's network
 * interfaces, which carry one transfer at a time each (a transfer waits until both are free, then
 * takes bytes / the slower bandwidth), then the latency of both ends, plus the clustered bus's
 * cost.
 */
public final class Network {
  private record Place(String host, Link nic) {}

  private final EventQueue queue;
  private final BusCost local;
  private final BusCost remote;
  private final Map<String, Place> units = new HashMap<>();
  private final Map<String, Double> egressFree = new HashMap<>();
  private final Map<String, Double> ingressFree = new HashMap<>();
  private long bytesSent;

  /**
   * A network on {@code queue}'s clock.
   *
   * @param local cost of a message between units of one host (one JVM)
   * @param remote cost of a message between hosts, on top of the links
   */
  public Network(EventQueue queue, BusCost local, BusCost remote) {
    this.queue = queue;
    this.local = local;
    this.remote = remote;
  }

  /** Places {@code unit} on {@code host}, whose interface is {@code nic}. */
  public void attach(String unit, String host, Link nic) {
    units.put(unit, new Place(host, nic));
  }

  /** The host of a unit. */
  public String hostOf(String unit) {
    return place(unit).host();
  }

  /** Payload bytes sent between hosts so far. */
  public long bytesSent() {
    return bytesSent;
  }

  /**
   * Sends {@code bytes} from unit {@code from} to unit {@code to}; runs {@code onArrive} when the
   * message is delivered.
   *
   * @return the virtual time of delivery
   */
  public double send(String from, String to, long bytes, Runnable onArrive) {
    Place a = place(from);
    Place b = place(to);
    double arrive;
    if (a.host().equals(b.host())) {
      arrive = queue.now() + local.of(bytes);
    } else {
      double start =
          Math.max(
              queue.now(),
              Math.max(
                  egressFree.getOrDefault(a.host(), 0.0), ingressFree.getOrDefault(b.host(), 0.0)));
      double end = start + bytes / Math.min(a.nic().bytesPerSecond(), b.nic().bytesPerSecond());
      egressFree.put(a.host(), end);
      ingressFree.put(b.host(), end);
      arrive = end + a.nic().latencySeconds() + b.nic().latencySeconds() + remote.of(bytes);
      bytesSent += bytes;
    }
    queue.at(arrive, onArrive);
    return arrive;
  }

  private Place place(String unit) {
    Place p = units.get(unit);
    if (p == null) {
      throw new IllegalArgumentException("unit " + unit + " is on no host");
    }
    return p;
  }
}
