package org.divs.sync;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The cloud's per-task checkpoints in one directory: each task's global weights with round, config
 * hash and run id, written atomically (temp file, fsync, rename), and its round log as JSON lines
 * appended and fsynced. Plain Java, blocking: call from a worker.
 */
public final class Checkpoints {
  private static final int MAGIC = 0x44495653; // "DIVS"
  private static final byte VERSION = 1;

  private final Path dir;

  /** Checkpoints in {@code dir} (created when missing). */
  public Checkpoints(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
  }

  /** The directory. */
  public Path dir() {
    return dir;
  }

  /**
   * One task's saved state.
   *
   * @param task task id
   * @param round the round of the weights
   * @param counted rounds with participants so far
   * @param configHash hash of the topology it was trained under
   * @param runId the run that wrote it
   * @param weights the global weights W(round)
   */
  public record Saved(
      String task, long round, long counted, String configHash, String runId, Weights weights) {}

  private Path weightsFile(String task) {
    return dir.resolve(task + ".weights");
  }

  private Path logFile(String task) {
    return dir.resolve(task + ".rounds.jsonl");
  }

  /** Writes the task's state atomically: after a crash either the old or the new one is there. */
  public void save(Saved s) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.weights().size() * 4 + 256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeByte(VERSION);
      out.writeUTF(s.task());
      out.writeLong(s.round());
      out.writeLong(s.counted());
      out.writeUTF(s.configHash());
      out.writeUTF(s.runId());
      out.writeInt(s.weights().size());
      ByteBuffer bb = ByteBuffer.allocate(s.weights().size() * Float.BYTES);
      s.weights().writeTo(bb);
      out.write(bb.array());
    }
    Path target = weightsFile(s.task());
    Path tmp = dir.resolve(s.task() + ".weights.tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes.toByteArray());
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    syncDirectory();
  }

  private void syncDirectory() {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // not every file system lets a directory be opened for fsync; the rename is still atomic
    }
  }

  /** The task's saved state, if any; a damaged file is an IOException naming it. */
  public Optional<Saved> load(String task) throws IOException {
    Path file = weightsFile(task);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(raw)) {
      if (in.readInt() != MAGIC || in.readByte() != VERSION) {
        throw new IOException(file + ": not a DIVS checkpoint of version " + VERSION);
      }
      String t = in.readUTF();
      long round = in.readLong();
      long counted = in.readLong();
      String hash = in.readUTF();
      String run = in.readUTF();
      int n = in.readInt();
      byte[] b = in.readNBytes(n * Float.BYTES);
      if (b.length != n * Float.BYTES) {
        throw new IOException(file + ": truncated, " + b.length + " of " + n * 4 + " weight bytes");
      }
      return Optional.of(
          new Saved(t, round, counted, hash, run, Weights.read(ByteBuffer.wrap(b), n)));
    } catch (java.io.EOFException e) {
      throw new IOException(file + ": truncated", e);
    }
  }

  /** Appends one line (a JSON object) to the task's round log and fsyncs it. */
  public void appendLog(String task, String jsonLine) throws IOException {
    try (FileChannel ch =
        FileChannel.open(
            logFile(task),
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND,
            StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap((jsonLine + "\n").getBytes(StandardCharsets.UTF_8)));
      ch.force(false);
    }
  }

  /** The task's round log, one JSON object per line, oldest first. */
  public List<String> log(String task) throws IOException {
    Path f = logFile(task);
    return Files.exists(f) ? Files.readAllLines(f, StandardCharsets.UTF_8) : new ArrayList<>();
  }
}
