package nms.config;

/** A configuration that cannot be used; the message names the field or file line and the rule. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
