package org.divs.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.lang.ref.SoftReference;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Base of every DIVS codec: a format-version byte first, counters of wire encodes and decodes, and
 * {@code transform} returning the (immutable) message itself for local delivery.
 *
 * <p>A codec built {@link #DivsCodec(Class, int, boolean) sharing} its decodings also gives one
 * instance to every consumer of one message received from the wire: Vert.x hands each local
 * consumer of a published message its own copy, and each copy decodes the same wire buffer at the
 * same position, so the codec remembers its latest {@link #SHARED} decodings by buffer identity and
 * position and returns them again (a few, not one: another task's message may be decoded between
 * two copies of one). It holds them and their buffers by soft references: a memory-sensitive cache,
 * which the garbage collector clears before it would run out of heap, so large models are never
 * pinned by it (a copy decoded after such a clearing gets an instance of its own, as it did before
 * sharing). For messages published to many consumers per node, such as the global weights: their
 * receivers then hold one instance, and a payload's memo of its decoding (see {@code
 * EncodedWeights#decode}) serves them all.
 *
 * @param <T> the record type
 */
public abstract class DivsCodec<T> implements MessageCodec<T, T> {
  private final Class<T> type;
  private final byte version;
  private final AtomicLong encoded = new AtomicLong();
  private final AtomicLong decoded = new AtomicLong();

  /** Decodings a sharing codec remembers. */
  static final int SHARED = 4;

  private final boolean sharing;
  private final SoftReference<Buffer>[] sharedBuffers;
  private final int[] sharedPositions;
  private final SoftReference<?>[] shared;
  private int nextShared;

  /** A codec for {@code type} writing format version {@code version}. */
  protected DivsCodec(Class<T> type, int version) {
    this(type, version, false);
  }

  /**
   * A codec for {@code type} writing format version {@code version}; when {@code sharing}, copies
   * of one received message share one decoding.
   */
  protected DivsCodec(Class<T> type, int version, boolean sharing) {
    this.type = type;
    this.version = (byte) version;
    this.sharing = sharing;
    int n = sharing ? SHARED : 0;
    @SuppressWarnings("unchecked")
    SoftReference<Buffer>[] buffers = new SoftReference[n];
    sharedBuffers = buffers;
    sharedPositions = new int[n];
    shared = new SoftReference<?>[n];
  }

  /** The record type this codec carries. */
  public Class<T> type() {
    return type;
  }

  /** Messages encoded for the wire by this node. */
  public long encodeCount() {
    return encoded.get();
  }

  /** Messages decoded from the wire by this node (a shared decoding counts once). */
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
  @SuppressWarnings("unchecked")
  public final T decodeFromWire(int pos, Buffer buffer) {
    if (!sharing) {
      return decode(pos, buffer);
    }
    synchronized (this) {
      for (int i = 0; i < SHARED; i++) {
        if (sharedBuffers[i] != null
            && sharedBuffers[i].get() == buffer
            && sharedPositions[i] == pos) {
          Object kept = shared[i].get();
          if (kept != null) {
            return (T) kept;
          }
        }
      }
      T t = decode(pos, buffer); // a failure remembers nothing: every copy fails alike
      int i = nextShared;
      nextShared = (i + 1) % SHARED;
      sharedBuffers[i] = new SoftReference<>(buffer);
      sharedPositions[i] = pos;
      shared[i] = new SoftReference<>(t);
      return t;
    }
  }

  private T decode(int pos, Buffer buffer) {
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
