// Testbench driver of nms_affinity (docs/ARITHMETIC.md sections 5, 8, 9): one row = one element
// (one beat). beta_i/dmin_i matter on first_i beats; sums are running sums including the element.
// last_o has no column: it must echo the element's last_i.
#include "nms_config.h"
#include "nms_tb.hpp"

#include "Vnms_affinity.h"

namespace {

using Model = Vnms_affinity;

class AffinityUnit : public nms_tb::Unit<Model> {
  public:
    AffinityUnit() {
        in_ports = {NMS_TB_PORT(Model, first_i, 1), NMS_TB_PORT(Model, last_i, 1),
                    NMS_TB_PORT(Model, beta_i, NMS_BETA_WIDTH),
                    NMS_TB_PORT(Model, dmin_i, NMS_DIST_WIDTH),
                    NMS_TB_PORT(Model, dist_i, NMS_DIST_WIDTH)};
        out_ports = {NMS_TB_PORT(Model, last_o, 1), NMS_TB_PORT(Model, t_o, NMS_T_WIDTH),
                     NMS_TB_PORT(Model, a_o, NMS_AFFINITY_WIDTH),
                     NMS_TB_PORT(Model, sum_a_o, NMS_SUM_A_WIDTH),
                     NMS_TB_PORT(Model, sum_ta_o, NMS_SUM_TA_WIDTH)};
    }
    const char* name() const override { return "nms_affinity"; }
    const char* transaction() const override { return "element"; }
    void bind(const nms_tb::VectorFile& vf) override {
        require_columns(vf, {"first_i", "last_i", "beta_i", "dmin_i", "dist_i", "t_o", "a_o",
                             "sum_a_o", "sum_ta_o"});
        for (size_t i = 0; i < kCols; ++i) check_column(kNames[i], kWidths[i]);
        for (size_t i = 0; i < kCols; ++i) c_[i] = col(kNames[i]);
    }
    uint32_t beats(size_t) const override { return 1; }
    void beat(size_t row, uint32_t, uint32_t* const* in) const override {
        for (size_t i = 0; i < 5; ++i) copy_cell(row, c_[i], in[i], kWidths[i]);
    }
    void expect(size_t row, uint32_t* const* out) const override {
        copy_cell(row, c_[1], out[0], 1);  // last_o = last_i
        for (size_t i = 5; i < kCols; ++i) copy_cell(row, c_[i], out[i - 4], kWidths[i]);
    }
    double ideal_cycles(size_t) const override { return 1; }
    std::string ideal_note() const override { return " (II = 1)"; }

  private:
    static constexpr size_t kCols = 9;
    static constexpr const char* kNames[kCols] = {"first_i", "last_i",  "beta_i",
                                                  "dmin_i",  "dist_i",  "t_o",
                                                  "a_o",     "sum_a_o", "sum_ta_o"};
    static constexpr size_t kWidths[kCols] = {
        1, 1, NMS_BETA_WIDTH, NMS_DIST_WIDTH, NMS_DIST_WIDTH, NMS_T_WIDTH, NMS_AFFINITY_WIDTH,
        NMS_SUM_A_WIDTH, NMS_SUM_TA_WIDTH};
    int c_[kCols] = {};
};

}  // namespace

int main(int argc, char** argv) { return nms_tb::run_main<AffinityUnit>(argc, argv); }
