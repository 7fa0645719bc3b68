package org.divs.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.divs.bus.EncodedFrame;
import org.divs.bus.FrameId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link FrameStore} in append-only segment files, one directory per edge: a batch is one write
 * to the active segment (its frames, and the ids evicted to make room, each record with a CRC), so
 * the batch is in the kernel and survives a process kill the moment {@link #putAll} returns; with
 * {@code sync} each batch also waits for fsync (a power cut). Without it a closed segment goes to
 * the disk on the store's flush thread {@value #FLUSH_DELAY_MS} ms after its roll, unless it died
 * by then, and so does the new segment's directory entry: an fsync at the roll stalled ingestion
 * for as long as the disk took, and an fdatasync of one file stalled writes to the other (10-50 ms
 * per 64 MB here). A power cut before that flush ends can leave a closed segment torn, and the
 * store then refuses to open, naming the segment and the byte. A clean {@link #close} forces
 * everything. The index (held frames by arrival, where each one is) and the ids ever taken live in
 * memory and are rebuilt by replaying the segments at open; a torn last record (a kill during a
 * write, never acknowledged) is cut off.
 *
 * <p>Bounded: over capacity the oldest frames are evicted first. A segment whose frames are all
 * gone is dropped from the index at once and from the directory on the flush thread, after {@code
 * base.state} records the counters and ids it contributed (temp file, fsync, atomic rename,
 * directory fsync; 3-30 ms, ingestion does not wait for it, nor for closing its channel; what fails
 * there is tried again with the next dead segment): up to {@value #KEEP_FREE} such files are kept,
 * renamed {@code free-*.log}, and the next segments are written over them (each record's checksum
 * covers its segment number, so what a reused file held before never replays); the others are
 * deleted. So the ledger {@code acked = stored + evicted + migratedOut - migratedIn} and the
 * duplicate check survive both. Ids are kept as ranges of sequence numbers per terminal
 * incarnation, so remembering every id ever taken costs a few bytes per stream, not per frame.
 *
 * <p>Faster than {@link RocksDbFrameStore} for 40-60 KB frames (one sequential write per batch, no
 * memtable, flush or compaction): {@code divs bench ingest} measures both. Thread-safe: every
 * method is synchronized; one process per directory (a lock file).
 */
public final class SegmentFrameStore implements FrameStore {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentFrameStore.class);
  private static final int MAGIC = 0x44495653; // "DIVS": the state file, and records before v2
  private static final int RECORD_MAGIC = 0x44495632; // "DIV2": CRC over segment number + body
  private static final int HEADER = 12; // magic, body length, CRC32C of the body
  private static final byte PUT = 1;
  private static final byte EVICT = 2;
  private static final byte REMOVE = 3;
  private static final Pattern SEGMENT = Pattern.compile("seg-(\\d{20})\\.log");
  private static final Pattern FREE = Pattern.compile("free-(\\d{20})\\.log");

  /** Dead segment files kept for reuse, at most. */
  static final int KEEP_FREE = 2;

  private static final String STATE = "base.state";

  /**
   * How long after its roll a closed segment is forced to the disk without {@code sync}. An
   * fdatasync of a 64 MB segment stalled writes to the active one for 10-50 ms here (ext4 on a
   * virtual disk): 20-80% of ingestion's time at 1 GB/s. By then the kernel has written back part
   * of it, and a segment that died meanwhile (all its frames evicted or moved) is not forced.
   */
  static final long FLUSH_DELAY_MS = 2_000;

  /** Default segment size: a new segment starts once the active one passes it. */
  public static final long SEGMENT_BYTES = 64L << 20;

  private record Loc(long segment, long offset, int length) {}

  private final Path dir;
  private final long capacity;
  private final boolean sync;
  private ScheduledThreadPoolExecutor flusher;
  private ByteBuffer writeBuffer;
  private final long segmentBytes;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final LinkedHashMap<FrameId, Loc> held = new LinkedHashMap<>();
  private final TreeMap<Long, FileChannel> segments = new TreeMap<>();
  private final Map<Long, Long> heldPerSegment = new HashMap<>();

  /** Segments holding records of the first format (CRC of the body alone): never reused. */
  private final Set<Long> legacy = new HashSet<>();

  /**
   * Dead segment files waiting to be reused by the next segments, oldest first: added by the flush
   * thread, taken at a roll.
   */
  private final Deque<Path> free = new ConcurrentLinkedDeque<>();

  /** Closed segments whose delayed flush has not run, by number (without sync). */
  private final Map<Long, FileChannel> unflushed = new ConcurrentHashMap<>();

  /**
   * Dead segments whose files are still to be dropped, and whether each may be reused: the flush
   * thread's alone.
   */
  private final Map<Long, Boolean> undropped = new TreeMap<>();

  /** Counters at the end of each closed segment: acked, evicted, migratedOut, migratedIn. */
  private final TreeMap<Long, long[]> countersAtEnd = new TreeMap<>();

  private SeenIds seen = new SeenIds();
  private long acked;
  private long evicted;
  private long migratedOut;
  private long migratedIn;
  private long active;
  private long activeSize;
  private boolean closed;

  /** Set once recovery succeeded: only then does {@link #close} trim the active segment. */
  private boolean opened;

  private SegmentFrameStore(Path dir, long capacity, boolean sync, long segmentBytes)
      throws IOException {
    this.dir = Files.createDirectories(dir);
    this.capacity = capacity;
    this.sync = sync;
    this.segmentBytes = segmentBytes;
    lockChannel =
        FileChannel.open(dir.resolve("LOCK"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock l;
    try {
      l = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      l = null;
    }
    if (l == null) {
      lockChannel.close();
      throw new IOException("frame store " + dir + " is in use by another store or process");
    }
    lock = l;
    try {
      recover();
      opened = true;
    } catch (IOException | RuntimeException e) {
      close();
      throw e instanceof IOException io
          ? io
          : new IOException("cannot read frame store " + dir + ": " + e.getMessage(), e);
    }
    LOG.info(
        "opened frame store {}: {} in {} segment(s) (sync {})",
        dir,
        ledger(),
        segments.size(),
        sync);
  }

  /**
   * Opens (or creates) the store in {@code dir}.
   *
   * @param dir the edge's store directory
   * @param capacity the most frames held at once; older ones are evicted first
   * @param sync whether each batch waits for fsync (survives a power cut, not only a process kill)
   * @return the store
   * @throws IOException when the directory cannot be used, is locked, or holds a corrupt segment
   */
  public static SegmentFrameStore open(Path dir, long capacity, boolean sync) throws IOException {
    return open(dir, capacity, sync, SEGMENT_BYTES);
  }

  /** As {@link #open(Path, long, boolean)} with segments of about {@code segmentBytes}. */
  public static SegmentFrameStore open(Path dir, long capacity, boolean sync, long segmentBytes)
      throws IOException {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    if (segmentBytes < 1) {
      throw new IllegalArgumentException("segment size must be positive: " + segmentBytes);
    }
    return new SegmentFrameStore(dir, capacity, sync, segmentBytes);
  }

  // ---- recovery ----

  private void recover() throws IOException {
    long firstLive = readState();
    List<Long> numbers = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.toList()) {
        if (FREE.matcher(p.getFileName().toString()).matches()) {
          if (free.size() < KEEP_FREE) {
            free.add(p);
          } else {
            Files.delete(p);
          }
          continue;
        }
        Matcher m = SEGMENT.matcher(p.getFileName().toString());
        if (m.matches()) {
          long n = Long.parseLong(m.group(1));
          if (n < firstLive) {
            Files.delete(p); // deleted after the state was written, before a crash
          } else {
            numbers.add(n);
          }
        }
      }
    }
    numbers.sort(null);
    for (int i = 0; i < numbers.size(); i++) {
      long n = numbers.get(i);
      boolean last = i == numbers.size() - 1;
      FileChannel ch =
          FileChannel.open(
              segmentPath(n),
              last
                  ? new StandardOpenOption[] {StandardOpenOption.READ, StandardOpenOption.WRITE}
                  : new StandardOpenOption[] {StandardOpenOption.READ});
      segments.put(n, ch);
      heldPerSegment.putIfAbsent(n, 0L);
      replay(n, ch, last);
      if (!last) {
        countersAtEnd.put(n, counters());
      }
    }
    if (segments.isEmpty()) {
      startSegment(Math.max(1, firstLive), true);
    } else {
      active = segments.lastKey();
      activeSize = segments.get(active).size();
    }
    if (held.size() > capacity) {
      List<FrameId> over = new ArrayList<>();
      Iterator<FrameId> it = held.keySet().iterator();
      for (long k = held.size() - capacity; k > 0; k--) {
        over.add(it.next());
      }
      append(List.of(), List.of(), false, over, null);
    }
    deleteDeadSegments();
  }

  private long[] counters() {
    return new long[] {acked, evicted, migratedOut, migratedIn};
  }

  private Path segmentPath(long n) {
    return dir.resolve(String.format("seg-%020d.log", n));
  }

  /** Reads {@code base.state}; returns the first live segment (1 when there is no state). */
  private long readState() throws IOException {
    byte[] b;
    try {
      b = Files.readAllBytes(dir.resolve(STATE));
    } catch (NoSuchFileException e) {
      return 1;
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
      if (in.readInt() != MAGIC) {
        throw new IOException("frame store " + dir + ": " + STATE + " is not a state file");
      }
      long firstLive = in.readLong();
      acked = in.readLong();
      evicted = in.readLong();
      migratedOut = in.readLong();
      migratedIn = in.readLong();
      seen = SeenIds.readFrom(in);
      return firstLive;
    }
  }

  /** Applies the records of segment {@code n}; a torn tail of the last segment is cut off. */
  private void replay(long n, FileChannel ch, boolean last) throws IOException {
    long size = ch.size();
    long pos = 0;
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    boolean current = false; // a record of the current format was read: an older one is stale
    while (pos < size) {
      header.clear();
      String bad = null;
      if (size - pos < HEADER) {
        bad = "a torn record header";
      } else {
        readFully(ch, header, pos);
        header.flip();
        int magic = header.getInt();
        int length = header.getInt();
        int crc = header.getInt();
        boolean v2 = magic == RECORD_MAGIC;
        if (!v2 && (magic != MAGIC || current)) {
          bad = "a bad record marker";
        } else if (length < 1 || length > size - pos - HEADER) {
          bad = "a record running past the end";
        } else {
          ByteBuffer body = ByteBuffer.allocate(length);
          readFully(ch, body, pos + HEADER);
          if (checksum(v2 ? n : -1, body, 0, length) != crc) {
            bad = "a record whose checksum does not match";
          } else {
            current |= v2;
            if (!v2) {
              legacy.add(n);
            }
            body.flip();
            apply(n, pos + HEADER, body);
            pos += HEADER + length;
            continue;
          }
        }
      }
      if (!last) {
        throw new IOException(
            "frame store " + dir + ": segment " + n + " has " + bad + " at byte " + pos);
      }
      LOG.warn(
          "frame store {}: cutting {} bytes after byte {} of segment {} ({}; never acked, or left"
              + " from the file's earlier use)",
          dir,
          size - pos,
          pos,
          n,
          bad);
      ch.truncate(pos);
      ch.force(true);
      return;
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
    while (b.hasRemaining()) {
      int r = ch.read(b, pos + b.position());
      if (r < 0) {
        throw new IOException("unexpected end of segment");
      }
    }
  }

  /** Applies one record read from segment {@code n}, whose body starts at {@code base}. */
  private void apply(long n, long base, ByteBuffer body) {
    byte type = body.get();
    switch (type) {
      case PUT -> {
        boolean migrated = body.get() != 0;
        int count = body.getInt();
        for (int i = 0; i < count; i++) {
          FrameId id = readId(body);
          int length = body.getInt();
          held.put(id, new Loc(n, base + body.position(), length));
          heldPerSegment.merge(n, 1L, Long::sum);
          body.position(body.position() + length);
          seen.add(id);
          if (migrated) {
            migratedIn++;
          } else {
            acked++;
          }
        }
      }
      // counted whether or not the frame is still indexed: a record lists only frames held when
      // it was written, and a frame whose segment was deleted is no longer indexed
      case EVICT -> {
        int count = body.getInt();
        for (int i = 0; i < count; i++) {
          drop(readId(body));
          evicted++;
        }
      }
      case REMOVE -> {
        drop(readId(body));
        migratedOut++;
      }
      default -> throw new IllegalStateException("unknown record type " + type);
    }
  }

  private boolean drop(FrameId id) {
    Loc loc = held.remove(id);
    if (loc == null) {
      return false;
    }
    heldPerSegment.merge(loc.segment(), -1L, Long::sum);
    return true;
  }

  private static void writeId(ByteBuffer b, byte[] terminal, FrameId id) {
    b.putShort((short) terminal.length).put(terminal).putLong(id.incarnation()).putLong(id.seq());
  }

  private static FrameId readId(ByteBuffer b) {
    int n = b.getShort() & 0xFFFF;
    byte[] t = new byte[n];
    b.get(t);
    return new FrameId(new String(t, StandardCharsets.UTF_8), b.getLong(), b.getLong());
  }

  // ---- writing ----

  @Override
  public synchronized Put put(FrameId id, EncodedFrame frame, boolean migrated) {
    return putAll(List.of(id), List.of(frame), migrated).get(0);
  }

  /** Stores the new frames of a batch in one write (and one fsync with {@code sync}). */
  @Override
  public synchronized List<Put> putAll(
      List<FrameId> ids, List<EncodedFrame> batch, boolean migrated) {
    checkOpen();
    if (ids.size() != batch.size()) {
      throw new IllegalArgumentException(ids.size() + " ids for " + batch.size() + " frames");
    }
    List<Put> out = new ArrayList<>(ids.size());
    List<FrameId> fresh = new ArrayList<>();
    List<EncodedFrame> frames = new ArrayList<>();
    Set<FrameId> inBatch = new HashSet<>();
    for (int i = 0; i < ids.size(); i++) {
      FrameId id = ids.get(i);
      if (seen.contains(id) || !inBatch.add(id)) {
        out.add(Put.DUPLICATE);
      } else {
        out.add(Put.STORED);
        fresh.add(id);
        frames.add(batch.get(i));
      }
    }
    if (fresh.isEmpty()) {
      return out;
    }
    List<FrameId> over = new ArrayList<>();
    long excess = held.size() + fresh.size() - capacity;
    Iterator<FrameId> old = held.keySet().iterator();
    for (int k = 0; k < excess; k++) {
      over.add(old.hasNext() ? old.next() : fresh.get(k - held.size()));
    }
    try {
      append(fresh, frames, migrated, over, null);
      deleteDeadSegments();
    } catch (IOException e) {
      throw new UncheckedIOException(
          new IOException(
              "frame store "
                  + dir
                  + ": cannot store "
                  + fresh.size()
                  + " frame(s) from "
                  + fresh.get(0)
                  + ": "
                  + e.getMessage(),
              e));
    }
    return out;
  }

  /**
   * Writes one batch (a PUT record of {@code fresh}, an EVICT record of {@code over}, a REMOVE
   * record of {@code removed}) in one write, then applies it in memory.
   */
  private void append(
      List<FrameId> fresh,
      List<EncodedFrame> frames,
      boolean migrated,
      List<FrameId> over,
      FrameId removed)
      throws IOException {
    List<byte[]> heads = new ArrayList<>(frames.size());
    Map<String, byte[]> names = new HashMap<>();
    int size = 0;
    if (!fresh.isEmpty()) {
      size += HEADER + 1 + 1 + 4;
      for (int i = 0; i < fresh.size(); i++) {
        byte[] head = StoredFrames.head(frames.get(i));
        heads.add(head);
        size += idSize(names, fresh.get(i)) + 4 + head.length + frames.get(i).jpegSize();
      }
    }
    if (!over.isEmpty()) {
      size += HEADER + 1 + 4;
      for (FrameId id : over) {
        size += idSize(names, id);
      }
    }
    if (removed != null) {
      size += HEADER + 1 + idSize(names, removed);
    }
    if (activeSize > 0 && activeSize + size > segmentBytes) {
      roll();
    }
    ByteBuffer b = writeBuffer(size);
    long[] offsets = new long[fresh.size()];
    if (!fresh.isEmpty()) {
      int start = b.position();
      b.position(start + HEADER);
      b.put(PUT).put((byte) (migrated ? 1 : 0)).putInt(fresh.size());
      for (int i = 0; i < fresh.size(); i++) {
        writeId(b, names.get(fresh.get(i).terminal()), fresh.get(i));
        EncodedFrame f = frames.get(i);
        b.putInt(heads.get(i).length + f.jpegSize());
        offsets[i] = activeSize + b.position();
        b.put(heads.get(i));
        f.copyJpegTo(b);
      }
      seal(b, start, active);
    }
    if (!over.isEmpty()) {
      int start = b.position();
      b.position(start + HEADER);
      b.put(EVICT).putInt(over.size());
      for (FrameId id : over) {
        writeId(b, names.get(id.terminal()), id);
      }
      seal(b, start, active);
    }
    if (removed != null) {
      int start = b.position();
      b.position(start + HEADER);
      b.put(REMOVE);
      writeId(b, names.get(removed.terminal()), removed);
      seal(b, start, active);
    }
    b.flip();
    FileChannel ch = segments.get(active);
    long at = activeSize;
    try {
      while (b.hasRemaining()) {
        ch.write(b, at + b.position());
      }
      if (sync) {
        ch.force(false);
      }
    } catch (IOException e) {
      try {
        ch.truncate(at); // nothing of a failed batch is kept
      } catch (IOException again) {
        closed = true;
        throw new IOException(e.getMessage() + "; the store is closed: " + again.getMessage(), e);
      }
      throw e;
    }
    activeSize = at + size;
    for (int i = 0; i < fresh.size(); i++) {
      FrameId id = fresh.get(i);
      held.put(id, new Loc(active, offsets[i], heads.get(i).length + frames.get(i).jpegSize()));
      heldPerSegment.merge(active, 1L, Long::sum);
      seen.add(id);
      if (migrated) {
        migratedIn++;
      } else {
        acked++;
      }
    }
    for (FrameId id : over) {
      drop(id);
      evicted++;
    }
    if (removed != null) {
      drop(removed);
      migratedOut++;
    }
  }

  /**
   * The buffer a batch is written from, cleared, with room for {@code size} bytes: one direct
   * buffer kept and grown, so a batch is neither zeroed in a fresh array nor copied again into the
   * JDK's temporary direct buffer on its way to the file.
   */
  private ByteBuffer writeBuffer(int size) {
    if (writeBuffer == null || writeBuffer.capacity() < size) {
      int cap = Math.max(size, writeBuffer == null ? 0 : 2 * writeBuffer.capacity());
      writeBuffer = ByteBuffer.allocateDirect(cap);
    }
    return writeBuffer.clear().limit(size);
  }

  private static int idSize(Map<String, byte[]> names, FrameId id) {
    byte[] t = names.computeIfAbsent(id.terminal(), k -> k.getBytes(StandardCharsets.UTF_8));
    if (t.length > 0xFFFF) {
      throw new IllegalArgumentException("terminal name too long");
    }
    return 2 + t.length + 16;
  }

  /**
   * Fills the header of the record of segment {@code n} written from {@code start} to the buffer's
   * position.
   */
  private static void seal(ByteBuffer b, int start, long n) {
    int end = b.position();
    int length = end - start - HEADER;
    int crc = checksum(n, b, start + HEADER, length);
    b.putInt(start, RECORD_MAGIC).putInt(start + 4, length).putInt(start + 8, crc);
  }

  /**
   * CRC32C of {@code length} bytes of {@code b} from {@code from}, preceded by the segment number
   * {@code n} (none for {@code n < 0}, the first format): a record left in a reused file from its
   * earlier segment never passes for one of the current segment.
   */
  private static int checksum(long n, ByteBuffer b, int from, int length) {
    CRC32C c = new CRC32C();
    if (n >= 0) {
      c.update(ByteBuffer.allocate(Long.BYTES).putLong(0, n));
    }
    c.update(b.duplicate().limit(from + length).position(from));
    return (int) c.getValue();
  }

  private void roll() throws IOException {
    if (trimActive() && sync) {
      segments.get(active).force(true); // the flush thread forces closed segments only without sync
    }
    countersAtEnd.put(active, counters());
    long closedNumber = active;
    FileChannel closedChannel = segments.get(active);
    startSegment(active + 1, sync);
    if (!sync) {
      unflushed.put(closedNumber, closedChannel);
      // the closed segment to the disk, then the directory (the new segment's entry), so
      // ingestion waits for neither (with sync every batch was forced already); later, and the
      // segment not at all once it is dead (its retiring took it out of unflushed)
      background(
          () -> {
            FileChannel closedSegment = unflushed.remove(closedNumber);
            if (closedSegment != null) {
              try {
                closedSegment.force(false);
              } catch (IOException e) {
                LOG.warn(
                    "frame store {}: flushing segment {}: {}", dir, closedNumber, e.getMessage());
              }
            }
            forceDir();
          },
          FLUSH_DELAY_MS);
    }
  }

  /**
   * Runs {@code work} on the flush thread after {@code delayMs}; what it throws is logged (a
   * scheduled task's exception is otherwise kept in its future, unseen).
   */
  private void background(Runnable work, long delayMs) {
    flusher()
        .schedule(
            () -> {
              try {
                work.run();
              } catch (RuntimeException e) {
                LOG.warn("frame store {}: on the flush thread: {}", dir, e.toString());
              }
            },
            delayMs,
            TimeUnit.MILLISECONDS);
  }

  /**
   * The store's flush thread: closed segments' flushes (delayed), dead segments' state and files
   * (at once), in the order they fall due. A flush still waiting at {@link #close} is cancelled;
   * close forces what it holds itself.
   */
  ScheduledThreadPoolExecutor flusher() {
    if (flusher == null) {
      flusher =
          new ScheduledThreadPoolExecutor(
              1,
              r -> {
                Thread t = new Thread(r, "divs-segment-flush");
                t.setDaemon(true);
                return t;
              });
      flusher.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }
    return flusher;
  }

  /** Waits for the flush thread's work due now (dead segments), not for the delayed flushes. */
  synchronized void awaitBackground() {
    if (closed) {
      return;
    }
    try {
      flusher().submit(() -> {}).get(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("frame store {}: waiting for the flush thread: {}", dir, e.toString());
    }
  }

  /**
   * Starts segment {@code n} in a dead segment's file when one is kept: overwriting pages the file
   * system has already allocated costs the kernel far less than extending a new file, and the old
   * file is not deleted either. What the file held past the new records fails their checksums.
   */
  private void startSegment(long n, boolean syncDir) throws IOException {
    Path reused = free.poll();
    if (reused != null) {
      Files.move(reused, segmentPath(n), StandardCopyOption.ATOMIC_MOVE);
    }
    FileChannel ch =
        reused != null
            ? FileChannel.open(segmentPath(n), StandardOpenOption.READ, StandardOpenOption.WRITE)
            : FileChannel.open(
                segmentPath(n),
                StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE);
    segments.put(n, ch);
    heldPerSegment.put(n, 0L);
    active = n;
    activeSize = 0;
    if (syncDir) {
      forceDir();
    }
  }

  private void forceDir() {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // some file systems cannot open a directory for fsync
    }
  }

  /**
   * Drops the oldest segments that hold no frame any more (never the active one) from the index,
   * and queues on the flush thread the writing of the counters and ids they contributed to {@code
   * base.state}, then the deletion of their files (or their renaming for reuse). Until that ran a
   * reopen replays them, which gives the same counters and ids.
   */
  private void deleteDeadSegments() throws IOException {
    long last = -1;
    for (Map.Entry<Long, FileChannel> e : segments.entrySet()) {
      long n = e.getKey();
      if (n == active || heldPerSegment.getOrDefault(n, 0L) > 0) {
        break;
      }
      last = n;
    }
    if (last < 0) {
      return;
    }
    byte[] state = state(last + 1, countersAtEnd.get(last));
    Map<Long, DeadSegment> dead = new LinkedHashMap<>();
    while (!segments.isEmpty() && segments.firstKey() <= last) {
      Map.Entry<Long, FileChannel> e = segments.pollFirstEntry();
      heldPerSegment.remove(e.getKey());
      countersAtEnd.remove(e.getKey());
      dead.put(e.getKey(), new DeadSegment(e.getValue(), !legacy.remove(e.getKey())));
    }
    background(() -> retire(state, dead), 0);
  }

  /**
   * A segment out of the index, its file still to go: its channel (closed on the flush thread, so
   * closing never waits for a flush of it in progress) and whether its file may be reused.
   */
  private record DeadSegment(FileChannel channel, boolean reusable) {}

  /**
   * On the flush thread: writes {@code state}, then drops the files of {@code dead} and of the
   * segments an earlier retiring failed to drop (the newer state covers them too). What fails is
   * kept for the next one; at the next open the segments below the state's first live one are
   * deleted, and the others replayed.
   */
  private void retire(byte[] state, Map<Long, DeadSegment> dead) {
    dead.forEach(
        (n, d) -> {
          unflushed.remove(n);
          try {
            d.channel().close();
          } catch (IOException e) {
            LOG.warn("frame store {}: closing dead segment {}: {}", dir, n, e.getMessage());
          }
          undropped.put(n, d.reusable());
        });
    try {
      writeState(state);
      for (Iterator<Map.Entry<Long, Boolean>> it = undropped.entrySet().iterator();
          it.hasNext(); ) {
        Map.Entry<Long, Boolean> e = it.next();
        if (free.size() < KEEP_FREE && e.getValue()) {
          Path kept = dir.resolve(String.format("free-%020d.log", e.getKey()));
          Files.move(segmentPath(e.getKey()), kept, StandardCopyOption.ATOMIC_MOVE);
          free.add(kept);
        } else {
          Files.deleteIfExists(segmentPath(e.getKey()));
        }
        it.remove();
      }
    } catch (IOException e) {
      LOG.warn(
          "frame store {}: dropping dead segment(s) {}: {}; tried again with the next",
          dir,
          undropped.keySet(),
          e.getMessage());
    }
  }

  /** The bytes of {@code base.state}: the first live segment, the counters, the ids ever taken. */
  private byte[] state(long firstLive, long[] c) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bos)) {
      out.writeInt(MAGIC);
      out.writeLong(firstLive);
      for (long v : c) {
        out.writeLong(v);
      }
      seen.writeTo(out);
    }
    return bos.toByteArray();
  }

  /** Replaces {@code base.state}: temp file, fsync, atomic rename, directory fsync. */
  private void writeState(byte[] state) throws IOException {
    Path tmp = dir.resolve(STATE + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer b = ByteBuffer.wrap(state);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
    try {
      Files.move(
          tmp,
          dir.resolve(STATE),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, dir.resolve(STATE), StandardCopyOption.REPLACE_EXISTING);
    }
    forceDir();
  }

  /**
   * Cuts the active segment's file to its records, if a reused file held more (at the roll and at a
   * clean close, so no segment keeps earlier content and a reopen finds nothing to cut); returns
   * whether it cut.
   */
  private boolean trimActive() throws IOException {
    FileChannel ch = segments.get(active);
    if (ch == null || ch.size() <= activeSize) {
      return false;
    }
    ch.truncate(activeSize);
    return true;
  }

  // ---- reading ----

  @Override
  public synchronized Optional<EncodedFrame> get(FrameId id) {
    checkOpen();
    Loc loc = held.get(id);
    if (loc == null) {
      return Optional.empty();
    }
    ByteBuffer b = ByteBuffer.allocate(loc.length());
    try {
      readFully(segments.get(loc.segment()), b, loc.offset());
    } catch (IOException e) {
      throw new UncheckedIOException(
          new IOException("frame store " + dir + ": cannot read " + id + ": " + e.getMessage(), e));
    }
    return Optional.of(StoredFrames.decode(b.array()));
  }

  /** Whether the id was ever stored here (held, evicted or moved). */
  public synchronized boolean seen(FrameId id) {
    return seen.contains(id);
  }

  @Override
  public synchronized List<FrameId> ids() {
    return new ArrayList<>(held.keySet());
  }

  @Override
  public synchronized boolean removeMigrated(FrameId id) {
    checkOpen();
    if (!held.containsKey(id)) {
      return false;
    }
    try {
      append(List.of(), List.of(), false, List.of(), id);
      deleteDeadSegments();
    } catch (IOException e) {
      throw new UncheckedIOException(
          new IOException(
              "frame store " + dir + ": cannot remove " + id + ": " + e.getMessage(), e));
    }
    return true;
  }

  @Override
  public synchronized long size() {
    return held.size();
  }

  @Override
  public long capacity() {
    return capacity;
  }

  @Override
  public synchronized Ledger ledger() {
    return new Ledger(acked, held.size(), evicted, migratedOut, migratedIn);
  }

  /** Segment files now. */
  public synchronized int segmentCount() {
    return segments.size();
  }

  /** The store's directory. */
  public Path directory() {
    return dir;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("frame store " + dir + " is closed");
    }
  }

  @Override
  public synchronized void close() {
    if (closed && segments.isEmpty()) {
      return;
    }
    // an interrupted thread's force, size or truncate would close the channel and fail, and an
    // interrupted wait would release the lock while the flush thread still writes the directory
    boolean interrupted = Thread.interrupted();
    if (opened && !closed) {
      try {
        trimActive();
      } catch (IOException e) {
        LOG.warn("frame store {}: trimming segment {}: {}", dir, active, e.getMessage());
      }
    }
    closed = true;
    if (flusher != null) {
      // dead segments' state and files are done before the lock is released; waiting flushes
      // are cancelled, the segments are forced below
      flusher.shutdown();
      while (!flusher.isTerminated()) {
        try {
          if (!flusher.awaitTermination(1, TimeUnit.MINUTES)) {
            LOG.warn("frame store {}: still waiting for its flush thread", dir);
          }
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    boolean forced = !opened || sync;
    for (FileChannel ch : segments.values()) {
      try {
        if (!forced) {
          ch.force(false); // the flushes the flush thread had not run yet, and the active segment
        }
        ch.close();
      } catch (IOException e) {
        LOG.warn("frame store {}: closing a segment: {}", dir, e.getMessage());
      }
    }
    segments.clear();
    if (!forced) {
      forceDir();
    }
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      LOG.warn("frame store {}: releasing its lock: {}", dir, e.getMessage());
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
