// Testbench driver of nms_lrt_rotate (docs/ARITHMETIC.md section 12.6): one row = one beat of a
// pass (pass 0 finds the exponent, pass 1 sends the codes); the framing and pass flags are vector
// columns, so the rows are driven in file order (the running max and the latched exponent run
// across them).
#include "nms_config.h"
#include "nms_tb.hpp"

#include "Vnms_lrt_rotate.h"

namespace {

using Model = Vnms_lrt_rotate;

constexpr size_t bits_of(unsigned long long v) { return v == 0 ? 1 : (v == 1 ? 1 : 1 + bits_of(v >> 1)); }
constexpr size_t kR = NMS_LRT_RANK;
constexpr size_t kL = NMS_LRT_LANES;
constexpr size_t kQ = NMS_LRT_Q;
constexpr size_t kTw = NMS_LRT_ROTATION_WIDTH;  // LrtFormats.SvdFormats.rotationWidth
constexpr size_t kBasis = kR * kL * NMS_LRT_BASIS_WIDTH;
constexpr size_t kCntW = bits_of(kL);
constexpr int kIn = 9;
constexpr int kOut = 3;
const char* const kInNames[kIn] = {"in_first_i", "in_last_i", "in_pass_i", "x_i", "basis_i",
                                   "exp_i", "coef_i", "norm_i", "t_i"};
const size_t kInBits[kIn] = {1, 1, 1, kL * NMS_LRT_INPUT_WIDTH, kBasis, 4,
                             kR * NMS_LRT_COEF_WIDTH, NMS_LRT_NORM_WIDTH, kR * kQ * kTw};
const char* const kOutNames[kOut] = {"code_o", "exp_o", "clamped_o"};
const size_t kOutBits[kOut] = {kBasis, 4, kCntW};

class LrtRotateUnit : public nms_tb::Unit<Model> {
  public:
    LrtRotateUnit() {
        in_ports = {NMS_TB_PORT(Model, in_first_i, 1), NMS_TB_PORT(Model, in_last_i, 1),
                    NMS_TB_PORT(Model, in_pass_i, 1),
                    NMS_TB_PORT(Model, x_i, kL * NMS_LRT_INPUT_WIDTH),
                    NMS_TB_PORT(Model, basis_i, kBasis), NMS_TB_PORT(Model, exp_i, 4),
                    NMS_TB_PORT(Model, coef_i, kR * NMS_LRT_COEF_WIDTH),
                    NMS_TB_PORT(Model, norm_i, NMS_LRT_NORM_WIDTH),
                    NMS_TB_PORT(Model, t_i, kR * kQ * kTw)};
        out_ports = {NMS_TB_PORT(Model, code_o, kBasis), NMS_TB_PORT(Model, exp_o, 4),
                     NMS_TB_PORT(Model, clamped_o, kCntW)};
    }
    const char* name() const override { return "nms_lrt_rotate"; }
    const char* transaction() const override { return "beat"; }
    void bind(const nms_tb::VectorFile& vf) override {
        require_columns(vf, {"in_first_i", "in_last_i", "in_pass_i", "x_i", "basis_i", "exp_i",
                             "coef_i", "norm_i", "t_i", "code_o", "exp_o", "clamped_o"});
        for (int i = 0; i < kIn; ++i) {
            check_column(kInNames[i], kInBits[i]);
            in_[i] = col(kInNames[i]);
        }
        for (int i = 0; i < kOut; ++i) {
            check_column(kOutNames[i], kOutBits[i]);
            out_[i] = col(kOutNames[i]);
        }
    }
    uint32_t beats(size_t) const override { return 1; }
    void beat(size_t row, uint32_t, uint32_t* const* in) const override {
        for (int i = 0; i < kIn; ++i) copy_cell(row, in_[i], in[i], kInBits[i]);
    }
    void expect(size_t row, uint32_t* const* out) const override {
        for (int i = 0; i < kOut; ++i) copy_cell(row, out_[i], out[i], kOutBits[i]);
    }
    // r x r + r MACs per element on lanes x (r x r + r) multipliers: one beat per cycle
    double ideal_cycles(size_t) const override { return 1; }
    std::string ideal_note() const override { return " (one beat of lanes elements per cycle)"; }

  private:
    int in_[kIn] = {};
    int out_[kOut] = {};
};

}  // namespace

int main(int argc, char** argv) { return nms_tb::run_main<LrtRotateUnit>(argc, argv); }
