package nms.rtl.hdl;

import java.security.CodeSource;
import java.util.Objects;

/**
 * Where in the generator an API call came from: the first stack frame outside this package's own
 * classes. Errors name it so a width mistake points at the generator line, not at the API.
 */
final class SourceLocation {
  private static final StackWalker WALKER =
      StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
  private static final String PACKAGE = SourceLocation.class.getPackageName();
  private static final Object API_CODE_SOURCE = codeSourceOf(SourceLocation.class);

  private SourceLocation() {}

  /** "File.java:42" of the generator frame that called into the API, or "unknown location". */
  static String caller() {
    return WALKER.walk(
        frames ->
            frames
                .filter(f -> !isApiClass(f.getDeclaringClass()))
                .findFirst()
                .map(f -> f.getFileName() + ":" + f.getLineNumber())
                .orElse("unknown location"));
  }

  /**
   * A class belongs to the API when it sits in this package and was loaded from the same place
   * (jar or classes folder). The second test keeps this package's unit tests, which share the
   * package name but live in test-classes, counted as callers.
   */
  private static boolean isApiClass(Class<?> c) {
    return c.getPackageName().equals(PACKAGE)
        && Objects.equals(codeSourceOf(c), API_CODE_SOURCE);
  }

  private static Object codeSourceOf(Class<?> c) {
    CodeSource cs = c.getProtectionDomain().getCodeSource();
    return cs == null ? null : cs.getLocation();
  }
}
