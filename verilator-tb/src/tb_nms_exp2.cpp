// Testbench driver of nms_exp2 (docs/ARITHMETIC.md section 5.1): one row = one t_i -> a_o.
#include "nms_config.h"
#include "nms_tb.hpp"

#include "Vnms_exp2.h"

namespace {

using Model = Vnms_exp2;

class Exp2Unit : public nms_tb::Unit<Model> {
  public:
    Exp2Unit() {
        in_ports = {NMS_TB_PORT(Model, t_i, NMS_T_WIDTH)};
        out_ports = {NMS_TB_PORT(Model, a_o, NMS_AFFINITY_WIDTH)};
    }
    const char* name() const override { return "nms_exp2"; }
    const char* transaction() const override { return "value"; }
    void bind(const nms_tb::VectorFile& vf) override {
        require_columns(vf, {"t_i", "a_o"});
        check_column("t_i", NMS_T_WIDTH);
        check_column("a_o", NMS_AFFINITY_WIDTH);
        t_ = col("t_i");
        a_ = col("a_o");
    }
    uint32_t beats(size_t) const override { return 1; }
    void beat(size_t row, uint32_t, uint32_t* const* in) const override {
        copy_cell(row, t_, in[0], NMS_T_WIDTH);
    }
    void expect(size_t row, uint32_t* const* out) const override {
        copy_cell(row, a_, out[0], NMS_AFFINITY_WIDTH);
    }
    double ideal_cycles(size_t) const override { return 1; }
    std::string ideal_note() const override { return " (II = 1)"; }

  private:
    int t_ = -1, a_ = -1;
};

}  // namespace

int main(int argc, char** argv) { return nms_tb::run_main<Exp2Unit>(argc, argv); }
