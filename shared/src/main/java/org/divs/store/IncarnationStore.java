package org.divs.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * Each terminal's incarnation, persisted so that a restarted camera gets a new one and its frames
 * are never mistaken for resends: one small text file per terminal under a directory, replaced
 * atomically (write a temp file, fsync it, rename it over the old one, fsync the directory).
 *
 * <p>Thread-safe: {@link #next} is synchronized; two stores (or processes) must not share a
 * terminal.
 */
public final class IncarnationStore {
  private final Path dir;

  /** A store under {@code dir} (created when missing). */
  public IncarnationStore(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
  }

  /** The directory. */
  public Path directory() {
    return dir;
  }

  /** The file of a terminal: its name with every character outside [A-Za-z0-9._-] escaped. */
  Path fileOf(String terminal) {
    if (terminal.isEmpty()) {
      throw new IllegalArgumentException("empty terminal name");
    }
    StringBuilder sb = new StringBuilder();
    for (byte b : terminal.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || ((c == '.' || c == '-' || c == '_') && sb.length() > 0)) {
        sb.append(c);
      } else {
        sb.append('%').append(String.format("%02X", b & 0xFF));
      }
    }
    return dir.resolve(sb + ".incarnation");
  }

  /** The terminal's current incarnation, if it ever had one. */
  public synchronized OptionalLong current(String terminal) throws IOException {
    Path f = fileOf(terminal);
    String text;
    try {
      text = Files.readString(f, StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      return OptionalLong.empty();
    }
    try {
      long v = Long.parseLong(text);
      if (v < 1) {
        throw new NumberFormatException("not positive");
      }
      return OptionalLong.of(v);
    } catch (NumberFormatException e) {
      throw new IOException("corrupt incarnation file " + f + ": '" + text + "'", e);
    }
  }

  /**
   * Starts a new incarnation of the terminal: the current one plus 1 (1 the first time), durable
   * when this returns.
   */
  public synchronized long next(String terminal) throws IOException {
    long v = current(terminal).orElse(0) + 1;
    Path f = fileOf(terminal);
    Path tmp = dir.resolve(f.getFileName() + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.wrap((v + "\n").getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    try {
      Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // some file systems cannot open a directory for fsync; the rename is still atomic
    }
    return v;
  }
}
