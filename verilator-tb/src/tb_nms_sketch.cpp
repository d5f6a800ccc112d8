// Testbench driver of nms_sketch (docs/ARITHMETIC.md sections 8, 9 and 11.1).
// A vector row holds one whole image (pixels_i: NMS_DIMS * NMS_PIXEL_WIDTH bits) and its sketch
// (sketch_o: NMS_SKETCH_BITS bits, element 0 in the least significant bits). The image is
// streamed as NMS_BEATS beats of NMS_LANES pixels; pixel k of beat b is image pixel
// b * NMS_LANES + k, lane 0 in the least significant bits; the last beat's missing lanes are 0.
#include "nms_config.h"
#include "nms_tb.hpp"

#include "Vnms_sketch.h"

namespace {

using Model = Vnms_sketch;
constexpr size_t kImageBits = static_cast<size_t>(NMS_DIMS) * NMS_PIXEL_WIDTH;
constexpr size_t kBeatBits = static_cast<size_t>(NMS_LANES) * NMS_PIXEL_WIDTH;
static_assert(NMS_BEATS == (NMS_DIMS + NMS_LANES - 1) / NMS_LANES,
              "nms_config.h: NMS_BEATS must be ceil(NMS_DIMS / NMS_LANES)");
static_assert(NMS_SKETCH_BITS == NMS_SKETCH_DIMS * NMS_SKETCH_WIDTH,
              "nms_config.h: NMS_SKETCH_BITS must be NMS_SKETCH_DIMS * NMS_SKETCH_WIDTH");

class SketchUnit : public nms_tb::Unit<Model> {
  public:
    SketchUnit() {
        in_ports = {NMS_TB_PORT(Model, in_first_i, 1), NMS_TB_PORT(Model, in_last_i, 1),
                    NMS_TB_PORT(Model, pixels_i, kBeatBits)};
        out_ports = {NMS_TB_PORT(Model, sketch_o, NMS_SKETCH_BITS)};
    }
    const char* name() const override { return "nms_sketch"; }
    const char* transaction() const override { return "image"; }
    void bind(const nms_tb::VectorFile& vf) override {
        require_columns(vf, {"pixels_i", "sketch_o"});
        check_column("pixels_i", kImageBits);
        check_column("sketch_o", NMS_SKETCH_BITS);
        px_ = col("pixels_i");
        sk_ = col("sketch_o");
    }
    uint32_t beats(size_t) const override { return NMS_BEATS; }
    void beat(size_t row, uint32_t b, uint32_t* const* in) const override {
        in[0][0] = b == 0;
        in[1][0] = b + 1 == NMS_BEATS;
        const nms_tb::Cell p = vf_->cell(row, px_);
        // Bits past the image (the last beat's missing lanes) read as zero.
        nms_tb::extract_bits(p.w, p.nwords, b * kBeatBits, kBeatBits, in[2]);
    }
    void expect(size_t row, uint32_t* const* out) const override {
        copy_cell(row, sk_, out[0], NMS_SKETCH_BITS);
    }
    double ideal_cycles(size_t) const override { return NMS_BEATS; }
    std::string ideal_note() const override { return " (NMS_BEATS, one beat per cycle)"; }

  private:
    int px_ = -1, sk_ = -1;
};

}  // namespace

int main(int argc, char** argv) { return nms_tb::run_main<SketchUnit>(argc, argv); }
