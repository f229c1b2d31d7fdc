// nn-fuse: see Passes.td.
#include "nn/Transforms/Passes.h"

namespace nn {
#define GEN_PASS_DEF_NNFUSE
#include "nn/Transforms/Passes.h.inc"
} // namespace nn

namespace {
struct NNFusePass : public nn::impl::NNFuseBase<NNFusePass> {
  void runOnOperation() override {}
};
} // namespace
