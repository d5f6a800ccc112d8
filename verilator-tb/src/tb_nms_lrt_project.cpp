// Testbench driver of nms_lrt_project (docs/ARITHMETIC.md section 12.2): one row = one sample,
// u_i (NMS_LRT_N codes), v_i (NMS_LRT_M codes), their bases basis_u_i / basis_v_i (row i,
// element k at bit (i * len + k) * NMS_LRT_BASIS_WIDTH), exponents and cx0. Streamed as
// NMS_LRT_BEATS_U beats of u then NMS_LRT_BEATS_V beats of v, NMS_LRT_LANES elements each, each
// beat with the same lanes of the r basis rows of its side.
#include "nms_config.h"
#include "nms_tb.hpp"

#include "Vnms_lrt_project.h"

namespace {

using Model = Vnms_lrt_project;
constexpr size_t kR = NMS_LRT_RANK;
constexpr size_t kL = NMS_LRT_LANES;
constexpr size_t kIw = NMS_LRT_INPUT_WIDTH;
constexpr size_t kBw = NMS_LRT_BASIS_WIDTH;
constexpr size_t kCoefs = kR * NMS_LRT_COEF_WIDTH;
static_assert(NMS_LRT_BEATS_U == (NMS_LRT_N + kL - 1) / kL, "beats_u = ceil(n / lanes)");
static_assert(NMS_LRT_BEATS_V == (NMS_LRT_M + kL - 1) / kL, "beats_v = ceil(m / lanes)");

class LrtProjectUnit : public nms_tb::Unit<Model> {
  public:
    LrtProjectUnit() {
        in_ports = {NMS_TB_PORT(Model, in_first_i, 1), NMS_TB_PORT(Model, in_last_i, 1),
                    NMS_TB_PORT(Model, x_i, kL * kIw), NMS_TB_PORT(Model, basis_i, kR * kL * kBw),
                    NMS_TB_PORT(Model, exp_i, NMS_LRT_EXP_WIDTH),
                    NMS_TB_PORT(Model, cx0_i, NMS_LRT_CX0_WIDTH)};
        out_ports = {NMS_TB_PORT(Model, au_o, kCoefs), NMS_TB_PORT(Model, nu_o, NMS_LRT_NORM_WIDTH),
                     NMS_TB_PORT(Model, av_o, kCoefs), NMS_TB_PORT(Model, nv_o, NMS_LRT_NORM_WIDTH),
                     NMS_TB_PORT(Model, skip_o, 1)};
    }
    const char* name() const override { return "nms_lrt_project"; }
    const char* transaction() const override { return "sample"; }
    void bind(const nms_tb::VectorFile& vf) override {
        require_columns(vf, {"u_i", "v_i", "basis_u_i", "basis_v_i", "exp_u_i", "exp_v_i", "cx0_i",
                             "au_o", "nu_o", "av_o", "nv_o", "skip_o"});
        check_column("u_i", NMS_LRT_N * kIw);
        check_column("v_i", NMS_LRT_M * kIw);
        check_column("basis_u_i", kR * NMS_LRT_N * kBw);
        check_column("basis_v_i", kR * NMS_LRT_M * kBw);
        check_column("exp_u_i", NMS_LRT_EXP_WIDTH);
        check_column("exp_v_i", NMS_LRT_EXP_WIDTH);
        check_column("cx0_i", NMS_LRT_CX0_WIDTH);
        check_column("au_o", kCoefs);
        check_column("nu_o", NMS_LRT_NORM_WIDTH);
        check_column("av_o", kCoefs);
        check_column("nv_o", NMS_LRT_NORM_WIDTH);
        check_column("skip_o", 1);
        u_ = col("u_i");
        v_ = col("v_i");
        bu_ = col("basis_u_i");
        bv_ = col("basis_v_i");
        eu_ = col("exp_u_i");
        ev_ = col("exp_v_i");
        cx_ = col("cx0_i");
        const char* outs[] = {"au_o", "nu_o", "av_o", "nv_o", "skip_o"};
        for (int i = 0; i < 5; ++i) out_[i] = col(outs[i]);
    }
    uint32_t beats(size_t) const override { return NMS_LRT_BEATS_U + NMS_LRT_BEATS_V; }
    void beat(size_t row, uint32_t b, uint32_t* const* in) const override {
        const bool side_v = b >= NMS_LRT_BEATS_U;
        const size_t beat = side_v ? b - NMS_LRT_BEATS_U : b;
        const size_t len = side_v ? NMS_LRT_M : NMS_LRT_N;
        in[0][0] = b == 0;
        in[1][0] = b + 1 == NMS_LRT_BEATS_U + NMS_LRT_BEATS_V;
        const nms_tb::Cell x = vf_->cell(row, side_v ? v_ : u_);
        nms_tb::extract_bits(x.w, x.nwords, beat * kL * kIw, kL * kIw, in[2]);
        // Lanes past the vector read 0 (past the cell's end) or the next row's codes (which meet
        // an x of 0, as the RTL forces those lanes to 0).
        const nms_tb::Cell basis = vf_->cell(row, side_v ? bv_ : bu_);
        uint32_t tmp[(kL * kBw + 31) / 32 + 1];
        for (size_t i = 0; i < kR; ++i) {
            nms_tb::extract_bits(basis.w, basis.nwords, (i * len + beat * kL) * kBw, kL * kBw, tmp);
            nms_tb::insert_bits(in[3], i * kL * kBw, kL * kBw, tmp);
        }
        copy_cell(row, side_v ? ev_ : eu_, in[4], NMS_LRT_EXP_WIDTH);
        copy_cell(row, cx_, in[5], NMS_LRT_CX0_WIDTH);
    }
    void expect(size_t row, uint32_t* const* out) const override {
        const size_t widths[] = {kCoefs, NMS_LRT_NORM_WIDTH, kCoefs, NMS_LRT_NORM_WIDTH, 1};
        for (int i = 0; i < 5; ++i) copy_cell(row, out_[i], out[i], widths[i]);
    }
    double ideal_cycles(size_t) const override {
        // (n + m) x q MACs on lanes x q multipliers: the beats of one sample.
        return static_cast<double>(NMS_LRT_N + NMS_LRT_M) / kL;
    }
    std::string ideal_note() const override { return " ((n + m) * q / (lanes * q) MAC cycles)"; }

  private:
    int u_ = -1, v_ = -1, bu_ = -1, bv_ = -1, eu_ = -1, ev_ = -1, cx_ = -1;
    int out_[5] = {-1, -1, -1, -1, -1};
};

}  // namespace

int main(int argc, char** argv) { return nms_tb::run_main<LrtProjectUnit>(argc, argv); }
