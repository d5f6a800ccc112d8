// Testbench driver of nms_divider (docs/ARITHMETIC.md section 6.2): one row = one division.
// The divisor is a row sum S, so its width is NMS_SUM_A_WIDTH unless nms_config.h says otherwise.
#include "nms_config.h"
#include "nms_tb.hpp"

#include "Vnms_divider.h"

#ifndef NMS_DIVISOR_WIDTH
#define NMS_DIVISOR_WIDTH NMS_SUM_A_WIDTH
#endif

namespace {

using Model = Vnms_divider;

class DividerUnit : public nms_tb::Unit<Model> {
  public:
    DividerUnit() {
        in_ports = {NMS_TB_PORT(Model, dividend_i, NMS_DIVIDEND_WIDTH),
                    NMS_TB_PORT(Model, divisor_i, NMS_DIVISOR_WIDTH)};
        out_ports = {NMS_TB_PORT(Model, quotient_o, NMS_QUOTIENT_WIDTH)};
    }
    const char* name() const override { return "nms_divider"; }
    const char* transaction() const override { return "division"; }
    void bind(const nms_tb::VectorFile& vf) override {
        require_columns(vf, {"dividend_i", "divisor_i", "quotient_o"});
        check_column("dividend_i", NMS_DIVIDEND_WIDTH);
        check_column("divisor_i", NMS_DIVISOR_WIDTH);
        check_column("quotient_o", NMS_QUOTIENT_WIDTH);
        n_ = col("dividend_i");
        d_ = col("divisor_i");
        q_ = col("quotient_o");
    }
    uint32_t beats(size_t) const override { return 1; }
    void beat(size_t row, uint32_t, uint32_t* const* in) const override {
        copy_cell(row, n_, in[0], NMS_DIVIDEND_WIDTH);
        copy_cell(row, d_, in[1], NMS_DIVISOR_WIDTH);
    }
    void expect(size_t row, uint32_t* const* out) const override {
        copy_cell(row, q_, out[0], NMS_QUOTIENT_WIDTH);
    }
    double ideal_cycles(size_t) const override { return NMS_QUOTIENT_WIDTH; }
    std::string ideal_note() const override { return " (NMS_QUOTIENT_WIDTH, one bit per cycle)"; }

  private:
    int n_ = -1, d_ = -1, q_ = -1;
};

}  // namespace

int main(int argc, char** argv) { return nms_tb::run_main<DividerUnit>(argc, argv); }
