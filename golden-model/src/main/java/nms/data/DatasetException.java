package nms.data;

/**
 * A dataset could not be read or selected. The message always names the file (or dataset) and,
 * where it applies, the record, line or byte offset, so the user can find the problem without a
 * debugger.
 */
public class DatasetException extends RuntimeException {

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
