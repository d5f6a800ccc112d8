package nms.rtl;

import java.util.Arrays;
import java.util.List;
import nms.config.NmsConfig;

/**
 * The configurations the emitter's lint and synthesis sweep covers ({@code LintSweepTest}, and
 * {@code ./nms synth --matrix lint}): each a comma-separated {@code --set} list over the
 * defaults, the empty string being the defaults themselves. Together they span lanes 1 to 64,
 * pixel widths 4 to 16, dims 16 to 3072, both metrics, ragged last beats, the LUT extremes and
 * engine_anchors 1, 2, 3, 4 (the default, and 4 of 4 rows), 5 and 8, and both sketch kinds
 * (nms_sketch: block at dims 16 and 784, projection rounded at dims 16 and exact with a ragged
 * last beat at dims 100).
 */
public final class LintConfigs {
  // Every config but the default caps max_rows_per_class: generic Yosys synth maps the perplexity
  // row buffer to flip-flops (about a minute at 1024 rows), and the row count changes no datapath
  // shape the other fields do not already cover. The wide-lane configs keep engine_anchors=1:
  // nms_engine holds K copies of nms_distance, so K there would multiply Yosys time without a new
  // shape; K varies on the narrow ones (1, 2, 3, 4 = default, 5, 8, and K = max_rows_per_class).
  public static final List<String> SETS = List.of(
      "",
      "lanes=1,pixel_width=4,dims=16,max_rows_per_class=64,search=plain,engine_anchors=8,"
          + "sketch=block,sketch_dims=4",
      "lanes=2,pixel_width=12,dims=784,metric=l1,max_rows_per_class=64,sketch=block",
      "lanes=8,pixel_width=16,dims=3072,max_rows_per_class=64,engine_anchors=1",
      "lanes=16,pixel_width=8,dims=3072,exp_lut_bits=10,log_lut_bits=12,max_rows_per_class=64,"
          + "engine_anchors=1",
      "lanes=32,pixel_width=8,dims=784,max_rows_per_class=64,search=plain,engine_anchors=1",
      "lanes=32,pixel_width=16,dims=3072,adder_levels_per_stage=2,max_rows_per_class=64,"
          + "engine_anchors=1",
      "lanes=3,pixel_width=12,dims=16,metric=l1,exp_lut_bits=4,log_lut_bits=6,max_rows_per_class=64,"
          + "sketch=projection,sketch_dims=5,sketch_width=6,sketch_density=2",
      "lanes=7,pixel_width=4,dims=100,adder_levels_per_stage=3,exp_interp=false,max_rows_per_class=64,"
          + "engine_anchors=3,sketch=projection",
      "lanes=64,pixel_width=4,dims=64,adder_levels_per_stage=6,max_rows_per_class=64,"
          + "engine_anchors=1",
      "lanes=16,pixel_width=12,dims=3072,exp_lut_bits=4,exp_interp=false,log_lut_bits=6,"
          + "log_interp_bits=0,max_rows_per_class=64,engine_anchors=1",
      "lanes=4,pixel_width=8,dims=16,affinity_frac_bits=10,t_frac_bits=8,exp_lut_bits=8,"
          + "max_rows_per_class=64",
      "lanes=8,pixel_width=16,dims=784,max_rows_per_class=64,perplexity=10,"
          + "affinity_frac_bits=28,t_frac_bits=20,exp_lut_bits=12,log_lut_bits=14,"
          + "entropy_frac_bits=24,engine_anchors=1",
      "lanes=2,pixel_width=16,dims=16,max_rows_per_class=2,perplexity=1,engine_anchors=2",
      "max_rows_per_class=4,perplexity=2,search=plain",
      "affinity_frac_bits=8,entropy_frac_bits=16,t_frac_bits=10,exp_lut_bits=6,log_lut_bits=6,"
          + "log_interp_bits=4,max_rows_per_class=300,search_tolerance=0.001,search=plain,"
          + "engine_anchors=5");

  private LintConfigs() {}

  /** The configuration of one entry of {@link #SETS}. */
  public static NmsConfig config(String sets) {
    return sets.isEmpty() ? NmsConfig.defaults()
        : NmsConfig.defaults().withAll(Arrays.asList(sets.split(",")));
  }
}
