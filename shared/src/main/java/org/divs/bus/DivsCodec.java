package org.divs.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Base of every DIVS codec: a format-version byte first, counters of wire encodes and decodes, and
 * {@code transform} returning the (immutable) message itself for local delivery.
 *
 * @param <T> the record type
 */
public abstract class DivsCodec<T> implements MessageCodec<T, T> {
  private final Class<T> type;
  private final byte version;
  private final AtomicLong encoded = new AtomicLong();
  private final AtomicLong decoded = new AtomicLong();

  /** A codec for {@code type} writing format version {@code version}. */
  protected DivsCodec(Class<T> type, int version) {
    this.type = type;
    this.version = (byte) version;
  }

  /** The record type this codec carries. */
  public Class<T> type() {
    return type;
  }

  /** Messages encoded for the wire by this node. */
  public long encodeCount() {
    return encoded.get();
  }

  /** Messages decoded from the wire by this node. */
  public long decodeCount() {
    return decoded.get();
  }

  @Override
  public final void encodeToWire(Buffer buffer, T message) {
    WireWriter w = new WireWriter(buffer).version(version);
    write(w, message);
    encoded.incrementAndGet();
  }

  @Override
  public final T decodeFromWire(int pos, Buffer buffer) {
    WireReader r = new WireReader(buffer, pos);
    r.version(version, type.getSimpleName());
    T t = read(r);
    decoded.incrementAndGet();
    return t;
  }

  @Override
  public T transform(T message) {
    return message;
  }

  @Override
  public String name() {
    return "divs." + type.getSimpleName();
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }

  abstract void write(WireWriter w, T message);

  abstract T read(WireReader r);
}
