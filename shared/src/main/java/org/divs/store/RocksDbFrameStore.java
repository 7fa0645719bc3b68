package org.divs.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.divs.bus.EncodedFrame;
import org.divs.bus.FrameId;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link FrameStore} in RocksDB, one directory per edge: frames survive a process kill the moment
 * {@link #put} returns (the write-ahead log is always on; with {@code sync} every put also waits
 * for fsync, which a power cut needs).
 *
 * <p>Layout, three column families:
 *
 * <ul>
 *   <li>{@code frames}: arrival number (big-endian, increasing) + frame id -> the frame. Keys sort
 *       by arrival, so eviction pops the first keys. Values (40-60 KB JPEGs) go to blob files
 *       (RocksDB's integrated BlobDB), keeping the LSM tree small.
 *   <li>{@code seen}: frame id -> its arrival number while held, empty once evicted or moved out.
 *       Every id ever stored stays here, on disk, not in memory, so a frame resent after a restart
 *       or after its eviction is a duplicate.
 *   <li>{@code meta}: the ledger counters and the next arrival number.
 * </ul>
 *
 * <p>Each put, eviction and removal is one atomic write batch that also updates the counters, so
 * after a crash the ledger balances: {@code acked = stored + evicted + migratedOut - migratedIn}.
 * Thread-safe: every method is synchronized.
 */
public final class RocksDbFrameStore implements FrameStore {
  private static final Logger LOG = LoggerFactory.getLogger(RocksDbFrameStore.class);
  private static final byte[] EMPTY = new byte[0];
  private static final byte[] K_ACKED = "acked".getBytes(java.nio.charset.StandardCharsets.UTF_8);
  private static final byte[] K_EVICTED =
      "evicted".getBytes(java.nio.charset.StandardCharsets.UTF_8);
  private static final byte[] K_OUT =
      "migratedOut".getBytes(java.nio.charset.StandardCharsets.UTF_8);
  private static final byte[] K_IN = "migratedIn".getBytes(java.nio.charset.StandardCharsets.UTF_8);
  private static final byte[] K_STORED = "stored".getBytes(java.nio.charset.StandardCharsets.UTF_8);
  private static final byte[] K_NEXT =
      "nextArrival".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  static {
    RocksDB.loadLibrary();
  }

  private final Path dir;
  private final long capacity;
  private final boolean sync;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions frameCfOptions;
  private final ColumnFamilyOptions smallCfOptions;
  private final WriteOptions writeOptions;
  private final List<ColumnFamilyHandle> handles = new ArrayList<>();
  private final RocksDB db;
  private final ColumnFamilyHandle frames;
  private final ColumnFamilyHandle seen;
  private final ColumnFamilyHandle meta;
  private long acked;
  private long stored;
  private long evicted;
  private long migratedOut;
  private long migratedIn;
  private long nextArrival;

  /** No held frame has an arrival number below this (eviction seeks here, past old tombstones). */
  private long oldestArrival;

  private boolean closed;

  private RocksDbFrameStore(Path dir, long capacity, boolean sync) throws IOException {
    this.dir = dir;
    this.capacity = capacity;
    this.sync = sync;
    Files.createDirectories(dir);
    dbOptions =
        new DBOptions()
            .setCreateIfMissing(true)
            .setCreateMissingColumnFamilies(true)
            .setMaxBackgroundJobs(2)
            .setKeepLogFileNum(2);
    frameCfOptions =
        new ColumnFamilyOptions()
            .setEnableBlobFiles(true)
            .setMinBlobSize(4096)
            .setBlobFileSize(64L << 20)
            .setEnableBlobGarbageCollection(true)
            .setWriteBufferSize(16L << 20);
    smallCfOptions = new ColumnFamilyOptions().setWriteBufferSize(4L << 20);
    writeOptions = new WriteOptions().setSync(sync).setDisableWAL(false);
    List<ColumnFamilyDescriptor> cfs =
        List.of(
            new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, smallCfOptions),
            new ColumnFamilyDescriptor(bytes("frames"), frameCfOptions),
            new ColumnFamilyDescriptor(bytes("seen"), smallCfOptions),
            new ColumnFamilyDescriptor(bytes("meta"), smallCfOptions));
    try {
      db = RocksDB.open(dbOptions, dir.toString(), cfs, handles);
    } catch (RocksDBException e) {
      closeOptions();
      throw new IOException("cannot open frame store " + dir + ": " + e.getMessage(), e);
    }
    frames = handles.get(1);
    seen = handles.get(2);
    meta = handles.get(3);
    try {
      acked = counter(K_ACKED);
      evicted = counter(K_EVICTED);
      migratedOut = counter(K_OUT);
      migratedIn = counter(K_IN);
      stored = counter(K_STORED);
      nextArrival = counter(K_NEXT);
      long counted = 0;
      oldestArrival = nextArrival;
      try (RocksIterator it = db.newIterator(frames)) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          if (counted == 0) {
            oldestArrival = StoredFrames.arrivalOf(it.key());
          }
          counted++;
        }
      }
      if (counted != stored) {
        throw new IOException(
            "frame store " + dir + " holds " + counted + " frames, its ledger says " + stored);
      }
      evictOverCapacity();
    } catch (RocksDBException | IOException | RuntimeException e) {
      close();
      throw e instanceof IOException io
          ? io
          : new IOException("cannot read frame store " + dir + ": " + e.getMessage(), e);
    }
    LOG.info("opened frame store {}: {} (sync {})", dir, ledger(), sync);
  }

  /**
   * Opens (or creates) the store in {@code dir}.
   *
   * @param dir the edge's store directory
   * @param capacity the most frames held at once; older ones are evicted first
   * @param sync whether each put waits for fsync (survives a power cut, not only a process kill)
   * @return the store
   * @throws IOException when the directory cannot be opened as a store
   */
  public static RocksDbFrameStore open(Path dir, long capacity, boolean sync) throws IOException {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    return new RocksDbFrameStore(dir, capacity, sync);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private long counter(byte[] key) throws RocksDBException {
    byte[] v = db.get(meta, key);
    return v == null ? 0 : StoredFrames.longOf(v);
  }

  private void putCounters(WriteBatch b) throws RocksDBException {
    b.put(meta, K_ACKED, StoredFrames.longBytes(acked));
    b.put(meta, K_EVICTED, StoredFrames.longBytes(evicted));
    b.put(meta, K_OUT, StoredFrames.longBytes(migratedOut));
    b.put(meta, K_IN, StoredFrames.longBytes(migratedIn));
    b.put(meta, K_STORED, StoredFrames.longBytes(stored));
    b.put(meta, K_NEXT, StoredFrames.longBytes(nextArrival));
  }

  /** The store's directory. */
  public Path directory() {
    return dir;
  }

  /** Whether each put waits for fsync. */
  public boolean sync() {
    return sync;
  }

  @Override
  public synchronized Put put(FrameId id, EncodedFrame frame, boolean migrated) {
    return putAll(List.of(id), List.of(frame), migrated).get(0);
  }

  /**
   * Stores the new frames of a batch in one atomic write (one write-ahead log append, one fsync
   * with {@code sync}): durable together when this returns.
   */
  @Override
  public synchronized List<Put> putAll(
      List<FrameId> ids, List<EncodedFrame> batch, boolean migrated) {
    checkOpen();
    if (ids.size() != batch.size()) {
      throw new IllegalArgumentException(ids.size() + " ids for " + batch.size() + " frames");
    }
    long[] before = {acked, stored, evicted, migratedIn, nextArrival, oldestArrival};
    List<Put> out = new ArrayList<>(ids.size());
    try (WriteBatch b = new WriteBatch()) {
      Set<FrameId> inBatch = new HashSet<>();
      for (int i = 0; i < ids.size(); i++) {
        FrameId id = ids.get(i);
        byte[] idKey = StoredFrames.idKey(id);
        if (!inBatch.add(id) || db.get(seen, idKey) != null) {
          out.add(Put.DUPLICATE);
          continue;
        }
        long arrival = nextArrival++;
        b.put(frames, StoredFrames.arrivalKey(arrival, id), StoredFrames.encode(batch.get(i)));
        b.put(seen, idKey, StoredFrames.longBytes(arrival));
        if (migrated) {
          migratedIn++;
        } else {
          acked++;
        }
        stored++;
        out.add(Put.STORED);
      }
      if (b.count() == 0) {
        return out;
      }
      evictInto(b, stored - capacity);
      putCounters(b);
      db.write(writeOptions, b);
    } catch (RocksDBException | RuntimeException e) {
      acked = before[0];
      stored = before[1];
      evicted = before[2];
      migratedIn = before[3];
      nextArrival = before[4];
      oldestArrival = before[5];
      throw failure("put " + ids.size() + " frame(s) from " + ids.get(0), e);
    }
    try {
      // a batch larger than the room left: its own oldest frames go too, now they are visible
      evictOverCapacity();
    } catch (RocksDBException e) {
      throw failure("evict", e);
    }
    return out;
  }

  /** Adds to {@code b} the eviction of the {@code n} oldest frames, and counts them. */
  private void evictInto(WriteBatch b, long n) throws RocksDBException {
    if (n <= 0) {
      return;
    }
    try (Slice lower = new Slice(StoredFrames.longBytes(oldestArrival));
        ReadOptions ro = new ReadOptions().setIterateLowerBound(lower);
        RocksIterator it = db.newIterator(frames, ro)) {
      it.seek(StoredFrames.longBytes(oldestArrival));
      long done = 0;
      while (done < n && it.isValid()) {
        byte[] key = it.key();
        FrameId old = StoredFrames.idOf(key, 8);
        b.delete(frames, key);
        b.put(seen, StoredFrames.idKey(old), EMPTY);
        oldestArrival = StoredFrames.arrivalOf(key) + 1;
        done++;
        it.next();
      }
      it.status();
      stored -= done;
      evicted += done;
    }
  }

  private void evictOverCapacity() throws RocksDBException {
    if (stored <= capacity) {
      return;
    }
    try (WriteBatch b = new WriteBatch()) {
      evictInto(b, stored - capacity);
      putCounters(b);
      db.write(writeOptions, b);
    }
  }

  @Override
  public synchronized Optional<EncodedFrame> get(FrameId id) {
    checkOpen();
    try {
      byte[] a = db.get(seen, StoredFrames.idKey(id));
      if (a == null || a.length == 0) {
        return Optional.empty();
      }
      byte[] v = db.get(frames, StoredFrames.arrivalKey(StoredFrames.longOf(a), id));
      return v == null ? Optional.empty() : Optional.of(StoredFrames.decode(v));
    } catch (RocksDBException e) {
      throw failure("get " + id, e);
    }
  }

  /** Whether the id was ever stored here (held, evicted or moved out). */
  public synchronized boolean seen(FrameId id) {
    checkOpen();
    try {
      return db.get(seen, StoredFrames.idKey(id)) != null;
    } catch (RocksDBException e) {
      throw failure("look up " + id, e);
    }
  }

  @Override
  public synchronized List<FrameId> ids() {
    checkOpen();
    List<FrameId> out = new ArrayList<>((int) Math.min(stored, 1 << 20));
    try (Slice lower = new Slice(StoredFrames.longBytes(oldestArrival));
        ReadOptions ro = new ReadOptions().setIterateLowerBound(lower);
        RocksIterator it = db.newIterator(frames, ro)) {
      for (it.seek(StoredFrames.longBytes(oldestArrival)); it.isValid(); it.next()) {
        out.add(StoredFrames.idOf(it.key(), 8));
      }
      it.status();
    } catch (RocksDBException e) {
      throw failure("list ids", e);
    }
    return out;
  }

  @Override
  public synchronized boolean removeMigrated(FrameId id) {
    checkOpen();
    byte[] idKey = StoredFrames.idKey(id);
    try {
      byte[] a = db.get(seen, idKey);
      if (a == null || a.length == 0) {
        return false;
      }
      long arrival = StoredFrames.longOf(a);
      migratedOut++;
      stored--;
      try (WriteBatch b = new WriteBatch()) {
        b.delete(frames, StoredFrames.arrivalKey(arrival, id));
        b.put(seen, idKey, EMPTY);
        putCounters(b);
        db.write(writeOptions, b);
      } catch (RocksDBException | RuntimeException e) {
        migratedOut--;
        stored++;
        throw e;
      }
      if (arrival == oldestArrival) {
        oldestArrival++;
      }
      return true;
    } catch (RocksDBException e) {
      throw failure("remove " + id, e);
    }
  }

  @Override
  public synchronized long size() {
    return stored;
  }

  @Override
  public long capacity() {
    return capacity;
  }

  @Override
  public synchronized Ledger ledger() {
    return new Ledger(acked, stored, evicted, migratedOut, migratedIn);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("frame store " + dir + " is closed");
    }
  }

  private UncheckedIOException failure(String what, Exception e) {
    return new UncheckedIOException(
        new IOException("frame store " + dir + ": cannot " + what + ": " + e.getMessage(), e));
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (ColumnFamilyHandle h : handles) {
      h.close();
    }
    if (db != null) {
      db.close();
    }
    closeOptions();
  }

  private void closeOptions() {
    writeOptions.close();
    frameCfOptions.close();
    smallCfOptions.close();
    dbOptions.close();
  }
}
