package nms.rtl;

import java.nio.file.Path;
import java.util.Arrays;
import nms.config.NmsConfig;

/** Emits one configuration into a folder: the second JVM of {@link DeterminismTest}. */
public final class EmitForTest {
  private EmitForTest() {}

  /** {@code args[0]} = folder, the rest are {@code key=value} overrides. */
  public static void main(String[] args) throws Exception {
    NmsConfig c = NmsConfig.defaults().withAll(Arrays.asList(args).subList(1, args.length));
    RtlEmitter.emit(c).writeTo(Path.of(args[0]));
  }
}
