package nms.rtl.hdl;

/**
 * A design the API refuses to emit: a bad name, an undriven or unused signal, a latch, a
 * combinational loop. The message names the signal and the generator line responsible.
 */
public class HdlException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  HdlException(String message) {
    super(message);
  }

  /** Appends the generator's source location of the current API call to the message. */
  static HdlException here(String message) {
    return new HdlException(message + " (at " + SourceLocation.caller() + ")");
  }
}
