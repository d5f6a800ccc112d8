package nms.rtl.hdl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a design's files into a folder. Everything is emitted (and checked) in memory first,
 * then written to a temporary sibling folder that is moved into place, so a failed run leaves
 * neither a partial folder nor a mix of old and new files.
 */
public final class RtlWriter {
  private RtlWriter() {}

  /**
   * Writes {@code <module>.sv} for {@code top} and everything under it plus {@code <top>.f}
   * (file names relative to the folder: use {@code verilator -F}, or run tools inside it).
   * Replaces {@code dir} if it exists and holds only .sv/.f files; refuses anything else.
   *
   * @return the written files, filelist last
   */
  public static List<Path> write(Design design, Module top, Path dir) throws IOException {
    Map<String, String> files = design.emit(top);
    Path target = dir.toAbsolutePath().normalize();
    Path parent = target.getParent();
    if (parent == null) {
      throw new IOException("cannot write RTL to the file system root");
    }
    Files.createDirectories(parent);
    if (Files.exists(target)) {
      requireOnlyRtlFiles(target);
    }
    Path temp = Files.createTempDirectory(parent, "." + target.getFileName() + ".tmp");
    Path old = null;
    try {
      for (Map.Entry<String, String> f : files.entrySet()) {
        Files.write(temp.resolve(f.getKey()), f.getValue().getBytes(StandardCharsets.UTF_8));
      }
      if (Files.exists(target)) {
        old = Files.createTempDirectory(parent, "." + target.getFileName() + ".old");
        Files.delete(old);
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      if (old != null && !Files.exists(target) && Files.exists(old)) {
        Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
        old = null;
      }
      deleteTree(temp);
      throw e;
    }
    if (old != null) {
      deleteTree(old);
    }
    List<Path> written = new ArrayList<>();
    for (String name : files.keySet()) {
      written.add(target.resolve(name));
    }
    return written;
  }

  private static void requireOnlyRtlFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + " exists and is not a folder");
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        String n = p.getFileName().toString();
        if (!Files.isRegularFile(p) || !(n.endsWith(".sv") || n.endsWith(".f"))) {
          throw new IOException(
              dir + " holds " + n + ", which is not generated RTL; refusing to replace it");
        }
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        Files.delete(p);
      }
    }
    Files.delete(dir);
  }
}
