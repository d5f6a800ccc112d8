// Testbench driver of nms_distance (docs/ARITHMETIC.md sections 4, 8, 9).
// A vector row holds two whole images (a_i, b_i: NMS_DIMS * NMS_PIXEL_WIDTH bits) and dist_o.
// The row is streamed as NMS_BEATS beats of NMS_LANES pixels; pixel k of beat b is image pixel
// b * NMS_LANES + k, lane 0 in the least significant bits; the last beat's missing lanes are 0.
#include "nms_config.h"
#include "nms_tb.hpp"

#include "Vnms_distance.h"

namespace {

using Model = Vnms_distance;
constexpr size_t kImageBits = static_cast<size_t>(NMS_DIMS) * NMS_PIXEL_WIDTH;
constexpr size_t kBeatBits = static_cast<size_t>(NMS_LANES) * NMS_PIXEL_WIDTH;
static_assert(NMS_BEATS == (NMS_DIMS + NMS_LANES - 1) / NMS_LANES,
              "nms_config.h: NMS_BEATS must be ceil(NMS_DIMS / NMS_LANES)");

class DistanceUnit : public nms_tb::Unit<Model> {
  public:
    DistanceUnit() {
        in_ports = {NMS_TB_PORT(Model, in_first_i, 1), NMS_TB_PORT(Model, in_last_i, 1),
                    NMS_TB_PORT(Model, a_i, kBeatBits), NMS_TB_PORT(Model, b_i, kBeatBits)};
        out_ports = {NMS_TB_PORT(Model, dist_o, NMS_DIST_WIDTH)};
    }
    const char* name() const override { return "nms_distance"; }
    const char* transaction() const override { return "pair"; }
    void bind(const nms_tb::VectorFile& vf) override {
        require_columns(vf, {"a_i", "b_i", "dist_o"});
        check_column("a_i", kImageBits);
        check_column("b_i", kImageBits);
        check_column("dist_o", NMS_DIST_WIDTH);
        a_ = col("a_i");
        b_ = col("b_i");
        d_ = col("dist_o");
    }
    uint32_t beats(size_t) const override { return NMS_BEATS; }
    void beat(size_t row, uint32_t b, uint32_t* const* in) const override {
        in[0][0] = b == 0;
        in[1][0] = b + 1 == NMS_BEATS;
        const nms_tb::Cell a = vf_->cell(row, a_);
        const nms_tb::Cell bb = vf_->cell(row, b_);
        // Bits past the image (the last beat's missing lanes) read as zero.
        nms_tb::extract_bits(a.w, a.nwords, b * kBeatBits, kBeatBits, in[2]);
        nms_tb::extract_bits(bb.w, bb.nwords, b * kBeatBits, kBeatBits, in[3]);
    }
    void expect(size_t row, uint32_t* const* out) const override {
        copy_cell(row, d_, out[0], NMS_DIST_WIDTH);
    }
    double ideal_cycles(size_t) const override { return NMS_BEATS; }
    std::string ideal_note() const override { return " (NMS_BEATS, one beat per cycle)"; }

  private:
    int a_ = -1, b_ = -1, d_ = -1;
};

}  // namespace

int main(int argc, char** argv) { return nms_tb::run_main<DistanceUnit>(argc, argv); }
