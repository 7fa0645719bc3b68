package org.divs.bus;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.util.ArrayList;
import java.util.List;

/**
 * Every DIVS message codec, registered once per {@link Vertx} as the default codec of its record
 * type. The registered set is kept in the Vertx's local shared data so tests and metrics can read
 * the encode and decode counters.
 */
public final class Codecs implements Shareable {
  private static final String MAP = "divs.codecs";
  private static final String KEY = "registered";

  private final List<DivsCodec<?>> all;

  private Codecs(List<DivsCodec<?>> all) {
    this.all = List.copyOf(all);
  }

  /** A fresh instance of every codec (unregistered). */
  public static List<DivsCodec<?>> create() {
    List<DivsCodec<?>> list = new ArrayList<>();
    list.add(new MessageCodecs.FrameBatchCodec());
    list.add(new MessageCodecs.GlobalWeightsCodec());
    list.add(new MessageCodecs.LocalUpdateCodec());
    list.add(new MessageCodecs.ConsoleEventCodec());
    list.add(new MessageCodecs.CurrentRequestCodec());
    list.add(new MessageCodecs.AckCodec());
    list.add(new MessageCodecs.TransferAckCodec());
    list.add(new MessageCodecs.ControlCodec());
    list.add(new MessageCodecs.LoadReportCodec());
    list.add(new MessageCodecs.MigrationOrderCodec());
    list.add(new MessageCodecs.FrameTransferCodec());
    list.add(new MessageCodecs.StreamEndCodec());
    return list;
  }

  /**
   * Registers every codec on {@code vertx}, once: a second call on the same instance returns the
   * codecs already registered.
   */
  public static synchronized Codecs register(Vertx vertx) {
    LocalMap<String, Codecs> map = vertx.sharedData().getLocalMap(MAP);
    Codecs existing = map.get(KEY);
    if (existing != null) {
      return existing;
    }
    Codecs codecs = new Codecs(create());
    for (DivsCodec<?> c : codecs.all) {
      registerOne(vertx, c);
    }
    map.put(KEY, codecs);
    return codecs;
  }

  /** The codecs registered on {@code vertx}; fails when {@link #register} was never called. */
  public static Codecs of(Vertx vertx) {
    Codecs c = vertx.sharedData().<String, Codecs>getLocalMap(MAP).get(KEY);
    if (c == null) {
      throw new IllegalStateException("DIVS codecs are not registered on this Vertx");
    }
    return c;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void registerOne(Vertx vertx, DivsCodec codec) {
    vertx.eventBus().registerDefaultCodec(codec.type(), codec);
  }

  /** Every registered codec. */
  public List<DivsCodec<?>> all() {
    return all;
  }

  @Override
  public Shareable copy() {
    return this;
  }
}
