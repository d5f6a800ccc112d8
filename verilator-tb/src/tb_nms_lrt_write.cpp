// Testbench driver of nms_lrt_write (docs/ARITHMETIC.md section 12.3): one row = one weight cell
// of a count pass or a commit pass, one beat; the framing and pass flags are vector columns, so
// the rows must be driven in file order (the unit's count and latched gate run across them).
#include "nms_config.h"
#include "nms_tb.hpp"

#include "Vnms_lrt_write.h"

namespace {

using Model = Vnms_lrt_write;
constexpr size_t kFactorBits = static_cast<size_t>(NMS_LRT_RANK) * NMS_LRT_BASIS_WIDTH;

class LrtWriteUnit : public nms_tb::Unit<Model> {
  public:
    LrtWriteUnit() {
        in_ports = {NMS_TB_PORT(Model, in_first_i, 1), NMS_TB_PORT(Model, in_last_i, 1),
                    NMS_TB_PORT(Model, in_commit_i, 1), NMS_TB_PORT(Model, a_i, kFactorBits),
                    NMS_TB_PORT(Model, b_i, kFactorBits),
                    NMS_TB_PORT(Model, w_i, NMS_LRT_WEIGHT_BITS)};
        out_ports = {NMS_TB_PORT(Model, delta_o, NMS_LRT_WEIGHT_BITS),
                     NMS_TB_PORT(Model, w_o, NMS_LRT_WEIGHT_BITS), NMS_TB_PORT(Model, we_o, 1),
                     NMS_TB_PORT(Model, count_o, NMS_LRT_COUNT_WIDTH),
                     NMS_TB_PORT(Model, gate_o, 1)};
    }
    const char* name() const override { return "nms_lrt_write"; }
    const char* transaction() const override { return "cell"; }
    void bind(const nms_tb::VectorFile& vf) override {
        require_columns(vf, {"in_first_i", "in_last_i", "in_commit_i", "a_i", "b_i", "w_i",
                             "delta_o", "w_o", "we_o", "count_o", "gate_o"});
        const char* ins[] = {"in_first_i", "in_last_i", "in_commit_i"};
        for (const char* c : ins) check_column(c, 1);
        check_column("a_i", kFactorBits);
        check_column("b_i", kFactorBits);
        check_column("w_i", NMS_LRT_WEIGHT_BITS);
        check_column("delta_o", NMS_LRT_WEIGHT_BITS);
        check_column("w_o", NMS_LRT_WEIGHT_BITS);
        check_column("we_o", 1);
        check_column("count_o", NMS_LRT_COUNT_WIDTH);
        check_column("gate_o", 1);
        const char* all[] = {"in_first_i", "in_last_i", "in_commit_i", "a_i", "b_i", "w_i"};
        for (int i = 0; i < 6; ++i) in_[i] = col(all[i]);
        const char* outs[] = {"delta_o", "w_o", "we_o", "count_o", "gate_o"};
        for (int i = 0; i < 5; ++i) out_[i] = col(outs[i]);
    }
    uint32_t beats(size_t) const override { return 1; }
    void beat(size_t row, uint32_t, uint32_t* const* in) const override {
        const size_t widths[] = {1, 1, 1, kFactorBits, kFactorBits, NMS_LRT_WEIGHT_BITS};
        for (int i = 0; i < 6; ++i) copy_cell(row, in_[i], in[i], widths[i]);
    }
    void expect(size_t row, uint32_t* const* out) const override {
        const size_t widths[] = {NMS_LRT_WEIGHT_BITS, NMS_LRT_WEIGHT_BITS, 1, NMS_LRT_COUNT_WIDTH, 1};
        for (int i = 0; i < 5; ++i) copy_cell(row, out_[i], out[i], widths[i]);
    }
    double ideal_cycles(size_t) const override { return 1; }
    std::string ideal_note() const override { return " (one cell per cycle)"; }

  private:
    int in_[6] = {-1, -1, -1, -1, -1, -1};
    int out_[5] = {-1, -1, -1, -1, -1};
};

}  // namespace

int main(int argc, char** argv) { return nms_tb::run_main<LrtWriteUnit>(argc, argv); }
