package nms.golden;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks the golden-model class that is the bit-exact twin of the named RTL module. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RtlTwin {
    /** The Verilog module name, e.g. {@code nms_distance}. */
    String value();
}
