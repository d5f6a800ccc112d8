package nms.train;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The online update methods compared, named as in {@code summary.csv}. */
enum Method {
    /** Per-sample SGD of every weight and bias (the authors' "standard SGD / no-norm"). */
    SGD,
    /** LRT, unbiased (optimal Kronecker sum) accumulator, max-norm on (the paper's method). */
    LRT,
    /** LRT with the biased (plain truncation) accumulator, max-norm on. */
    LRT_BIASED,
    /**
     * LRT, unbiased, with the integer SKS in the loop: the golden twins nms_lrt_project,
     * nms_lrt_svd, nms_lrt_rotate per pair and nms_lrt_write per attempt (docs/LRT.md section 9).
     */
    LRT_INT,
    /** Only biases and batch-norm parameters train; weights are never written. */
    BIAS_ONLY,
    /** Nothing trains (the streaming batch-norm statistics still follow the input). */
    INFERENCE;

    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean trains() {
        return this != INFERENCE;
    }

    boolean lowRank() {
        return this == LRT || this == LRT_BIASED || this == LRT_INT;
    }

    static Method of(String id) {
        for (Method m : values()) {
            if (m.id().equals(id)) {
                return m;
            }
        }
        throw new IllegalArgumentException("--methods: unknown method '" + id + "' (known: " + ids() + ")");
    }

    static List<String> ids() {
        return Arrays.stream(values()).map(Method::id).toList();
    }
}
