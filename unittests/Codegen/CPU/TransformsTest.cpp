//===- TransformsTest.cpp - CPU codegen steps as functions ----------------===//
//
// Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
// See LICENSE.TXT for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The functions and patterns of nn/Codegen/CPU/Transforms.h called as
// another pipeline would, without their passes (test/Codegen/CPU tests the
// passes).
//
//===----------------------------------------------------------------------===//

#include "nn/Codegen/CPU/Transforms.h"
#include "nn/Codegen/CPU/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include "gtest/gtest.h"

using namespace mlir;

namespace {

class CodegenCPUTest : public ::testing::Test {
protected:
  CodegenCPUTest() : context(makeRegistry()) {
    context.loadAllAvailableDialects();
  }

  static DialectRegistry makeRegistry() {
    DialectRegistry registry;
    registerAllDialects(registry);
    registerAllExtensions(registry);
    return registry;
  }

  func::FuncOp parse(const char *source) {
    module = parseSourceString<ModuleOp>(source, &context);
    EXPECT_TRUE(module);
    return module ? *module->getOps<func::FuncOp>().begin() : func::FuncOp();
  }

  template <typename OpTy> int count() {
    int n = 0;
    module->walk([&](OpTy) { ++n; });
    return n;
  }

  template <typename OpTy> OpTy first() {
    OpTy found;
    module->walk([&](OpTy op) {
      if (!found)
        found = op;
    });
    return found;
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module;
};

constexpr const char *kMatmul = R"mlir(
  func.func @f(%a: tensor<8x16xf32>, %b: tensor<16x32xf32>,
               %c: tensor<8x32xf32>) -> tensor<8x32xf32> {
    %0 = linalg.matmul ins(%a, %b : tensor<8x16xf32>, tensor<16x32xf32>)
                       outs(%c : tensor<8x32xf32>) -> tensor<8x32xf32>
    return %0 : tensor<8x32xf32>
  }
)mlir";

TEST_F(CodegenCPUTest, TilesOneContractionWithTheGivenTile) {
  ASSERT_TRUE(parse(kMatmul));
  auto matmul = first<linalg::MatmulOp>();
  ASSERT_TRUE(nn::isPackableContraction(matmul));
  IRRewriter rewriter(&context);
  FailureOr<SmallVector<scf::ForOp>> kLoops =
      nn::tileContraction(rewriter, matmul, {/*m=*/2, /*n=*/8, /*k=*/2});
  ASSERT_TRUE(succeeded(kLoops));
  ASSERT_EQ(kLoops->size(), 1u);
  scf::ForOp kLoop = kLoops->front();
  EXPECT_EQ(count<linalg::MatmulOp>(), 0);
  // One 2x8 register tile per step of 2 along k.
  auto contract = first<vector::ContractionOp>();
  ASSERT_TRUE(contract);
  EXPECT_EQ(contract.getResultType(),
            VectorType::get({2, 8}, Float32Type::get(&context)));
  EXPECT_EQ(contract->getParentOfType<scf::ForOp>(), kLoop);
  EXPECT_GT(count<linalg::PackOp>(), 0);
  EXPECT_GT(count<scf::ForallOp>(), 0);

  // The rest of nn-cpu-tile-contractions, step by step.
  nn::hoistAccumulator(rewriter, kLoop);
  ASSERT_TRUE(succeeded(nn::lowerPacks(rewriter, *module)));
  EXPECT_EQ(count<linalg::PackOp>(), 0);
  EXPECT_EQ(count<linalg::UnPackOp>(), 0);
  EXPECT_TRUE(succeeded(verify(*module)));
}

TEST_F(CodegenCPUTest, TilesFewRowsUnpackedAndSmallWorkSequentially) {
  // M = 2, below the tile's 4 rows: column tiles of 32 / 2 = 16 and a last
  // one of 8, A and B read in place; 2x40x6 multiply-adds, below the
  // threshold: no parallel loop.
  ASSERT_TRUE(parse(R"mlir(
    func.func @f(%a: tensor<2x6xf32>, %b: tensor<6x40xf32>,
                 %c: tensor<2x40xf32>) -> tensor<2x40xf32> {
      %0 = linalg.matmul ins(%a, %b : tensor<2x6xf32>, tensor<6x40xf32>)
                         outs(%c : tensor<2x40xf32>) -> tensor<2x40xf32>
      return %0 : tensor<2x40xf32>
    }
  )mlir"));
  auto matmul = first<linalg::MatmulOp>();
  IRRewriter rewriter(&context);
  nn::ContractionTileSizes sizes{/*m=*/4, /*n=*/8, /*k=*/2, /*smallMN=*/32,
                                 /*minParallelWork=*/2 * 40 * 6 + 1};
  FailureOr<SmallVector<scf::ForOp>> kLoops =
      nn::tileContraction(rewriter, matmul, sizes);
  ASSERT_TRUE(succeeded(kLoops));
  // One k loop (steps of 2) per column split: the whole tiles and the rest.
  EXPECT_EQ(kLoops->size(), 2u);
  EXPECT_EQ(count<linalg::MatmulOp>(), 0);
  EXPECT_EQ(count<linalg::PackOp>(), 0);
  EXPECT_EQ(count<scf::ForallOp>(), 0);
  SmallVector<Type> shapes;
  module->walk(
      [&](vector::ContractionOp op) { shapes.push_back(op.getResultType()); });
  Type f32 = Float32Type::get(&context);
  EXPECT_EQ(shapes, (SmallVector<Type>{VectorType::get({2, 16}, f32),
                                       VectorType::get({2, 8}, f32)}));
  for (scf::ForOp loop : *kLoops)
    nn::hoistAccumulator(rewriter, loop);
  EXPECT_TRUE(succeeded(verify(*module)));
}

TEST_F(CodegenCPUTest, TilesFewRowsInParallelAboveTheThreshold) {
  ASSERT_TRUE(parse(R"mlir(
    func.func @f(%a: tensor<1x8xf32>, %b: tensor<8x64xf32>,
                 %c: tensor<1x64xf32>) -> tensor<1x64xf32> {
      %0 = linalg.matmul ins(%a, %b : tensor<1x8xf32>, tensor<8x64xf32>)
                         outs(%c : tensor<1x64xf32>) -> tensor<1x64xf32>
      return %0 : tensor<1x64xf32>
    }
  )mlir"));
  IRRewriter rewriter(&context);
  nn::ContractionTileSizes sizes;
  sizes.smallMN = 32;
  ASSERT_TRUE(succeeded(
      nn::tileContraction(rewriter, first<linalg::MatmulOp>(), sizes)));
  EXPECT_EQ(count<linalg::PackOp>(), 0);
  EXPECT_EQ(count<scf::ForallOp>(), 1);
  EXPECT_EQ(first<vector::ContractionOp>().getResultType(),
            VectorType::get({1, 32}, Float32Type::get(&context)));
}

TEST_F(CodegenCPUTest, LeavesWhatItCannotTile) {
  ASSERT_TRUE(parse(R"mlir(
    func.func @f(%a: memref<8x16xf32>, %b: memref<16x32xf32>,
                 %c: memref<8x32xf32>) {
      linalg.matmul ins(%a, %b : memref<8x16xf32>, memref<16x32xf32>)
                    outs(%c : memref<8x32xf32>)
      return
    }
  )mlir"));
  auto matmul = first<linalg::MatmulOp>();
  // On buffers: not a contraction tileContraction takes.
  EXPECT_FALSE(nn::isPackableContraction(matmul));
  IRRewriter rewriter(&context);
  EXPECT_TRUE(failed(nn::tileContraction(rewriter, matmul)));
  EXPECT_EQ(count<linalg::MatmulOp>(), 1);
  FailureOr<bool> changed = nn::tileContractions(rewriter, *module);
  ASSERT_TRUE(succeeded(changed));
  EXPECT_FALSE(*changed);
}

TEST_F(CodegenCPUTest, FoldsOnlyEmptyLoops) {
  ASSERT_TRUE(parse(R"mlir(
    func.func @f(%a: tensor<0x4xf32>, %b: tensor<4x3xf32>, %c: tensor<0x3xf32>,
                 %d: tensor<2x4xf32>, %e: tensor<2x3xf32>)
        -> (tensor<0x3xf32>, tensor<2x3xf32>) {
      %0 = linalg.matmul ins(%a, %b : tensor<0x4xf32>, tensor<4x3xf32>)
                         outs(%c : tensor<0x3xf32>) -> tensor<0x3xf32>
      %1 = linalg.matmul ins(%d, %b : tensor<2x4xf32>, tensor<4x3xf32>)
                         outs(%e : tensor<2x3xf32>) -> tensor<2x3xf32>
      return %0, %1 : tensor<0x3xf32>, tensor<2x3xf32>
    }
  )mlir"));
  SmallVector<linalg::MatmulOp> matmuls;
  module->walk([&](linalg::MatmulOp op) { matmuls.push_back(op); });
  ASSERT_EQ(matmuls.size(), 2u);
  IRRewriter rewriter(&context);
  EXPECT_TRUE(failed(nn::foldEmptyLoop(rewriter, matmuls[1])));
  ASSERT_TRUE(succeeded(nn::foldEmptyLoop(rewriter, matmuls[0])));
  // The empty one's result is its init, the function's third argument.
  auto ret = first<func::ReturnOp>();
  EXPECT_EQ(ret.getOperand(0),
            module->lookupSymbol<func::FuncOp>("f").getArgument(2));
  EXPECT_EQ(count<linalg::MatmulOp>(), 1);
}

/// `n` elementwise generics in a chain, one operation in each body.
std::string makeChain(int n) {
  std::string source = "#map = affine_map<(d0) -> (d0)>\n"
                       "func.func @f(%x: tensor<8xf32>) -> tensor<8xf32> {\n"
                       "  %v0 = arith.addf %x, %x : tensor<8xf32>\n";
  for (int i = 1; i <= n; ++i)
    source += "  %v" + std::to_string(i) +
              " = linalg.generic {indexing_maps = [#map, #map], "
              "iterator_types = [\"parallel\"]} ins(%v" +
              std::to_string(i - 1) +
              " : tensor<8xf32>) outs(%x : tensor<8xf32>) {\n"
              "  ^bb0(%a: f32, %o: f32):\n"
              "    %t = math.tanh %a : f32\n"
              "    linalg.yield %t : f32\n"
              "  } -> tensor<8xf32>\n";
  return source + "  return %v" + std::to_string(n) + " : tensor<8xf32>\n}\n";
}

TEST_F(CodegenCPUTest, FusionPatternsKeepTheirBound) {
  // In a pattern set of the caller's, with its own driver (top-down, as
  // the pass, so that a chain is cut from its start).
  for (auto [maxBodyOps, generics] :
       {std::pair<int64_t, int>{128, 1}, {2, 3}, {1, 6}}) {
    std::string source = makeChain(6);
    ASSERT_TRUE(parse(source.c_str()));
    RewritePatternSet patterns(&context);
    nn::populateBoundedElementwiseFusionPatterns(patterns, maxBodyOps);
    ASSERT_TRUE(succeeded(
        applyPatternsGreedily(*module, std::move(patterns),
                              GreedyRewriteConfig().setUseTopDownTraversal())));
    EXPECT_EQ(count<linalg::GenericOp>(), generics) << "cap " << maxBodyOps;
  }
}

TEST_F(CodegenCPUTest, SpreadsLargeLoopsOverThreads) {
  ASSERT_TRUE(parse(R"mlir(
    #map = affine_map<(i, j) -> (i, j)>
    func.func @f(%x: tensor<96x512xf32>) -> tensor<96x512xf32> {
      %init = tensor.empty() : tensor<96x512xf32>
      %0 = linalg.generic {indexing_maps = [#map, #map],
                           iterator_types = ["parallel", "parallel"]}
          ins(%x : tensor<96x512xf32>) outs(%init : tensor<96x512xf32>) {
      ^bb0(%a: f32, %o: f32):
        %e = math.exp %a : f32
        linalg.yield %e : f32
      } -> tensor<96x512xf32>
      return %0 : tensor<96x512xf32>
    }
  )mlir"));
  IRRewriter rewriter(&context);
  auto generic = first<linalg::GenericOp>();
  // 49,152 points: under a threshold of 2^17, over one of 2^15.
  EXPECT_TRUE(failed(nn::spreadOverThreads(rewriter, generic, 1 << 17, 64)));
  EXPECT_TRUE(failed(nn::spreadOverThreads(rewriter, generic, 1, 1)));
  EXPECT_EQ(count<scf::ForallOp>(), 0);
  // At most 16 chunks of 96 rows: the smallest divisor from 6 up, 6.
  FailureOr<linalg::LinalgOp> chunk =
      nn::spreadOverThreads(rewriter, generic, 1 << 15, 16);
  ASSERT_TRUE(succeeded(chunk));
  EXPECT_EQ(chunk->getStaticLoopRanges(), (SmallVector<int64_t>{6, 512}));
  auto forall = first<scf::ForallOp>();
  ASSERT_TRUE(forall);
  EXPECT_EQ(forall.getStaticUpperBound(), (ArrayRef<int64_t>{96}));
  EXPECT_EQ(forall.getStaticStep(), (ArrayRef<int64_t>{6}));
  EXPECT_EQ((*chunk)->getParentOp(), forall.getOperation());
  EXPECT_TRUE(succeeded(verify(*module)));
  // Once in a forall, the pass's walk leaves it alone.
  nn::parallelizeLoops(rewriter, *module, 1, 16);
  EXPECT_EQ(count<scf::ForallOp>(), 1);
}

TEST(CPUPipelineTest, RegisterTileFollowsTheVectorWidth) {
  nn::CPUPipelineOptions options;
  auto tiles = [&] {
    return std::vector<int64_t>{options.tileM,      options.tileN,
                                options.tileK,      options.largeTileM,
                                options.largeTileN, options.largeTileK};
  };
  EXPECT_EQ(tiles(), (std::vector<int64_t>{4, 16, 4, 0, 0, 0}));
  options.selectRegisterTile(/*vectors512=*/true);
  EXPECT_EQ(tiles(), (std::vector<int64_t>{4, 16, 4, 8, 32, 2}));
  MLIRContext context;
  PassManager pm(&context);
  ASSERT_TRUE(succeeded(nn::buildCPUPhase(pm, nn::CPUPhase::Linalg, options)));
  std::string pipeline;
  llvm::raw_string_ostream os(pipeline);
  pm.printAsTextualPipeline(os);
  for (const char *option : {"tile-m=4", "large-tile-m=8", "large-tile-n=32",
                             "large-tile-k=2", "min-large-tile-work=67108864"})
    EXPECT_NE(pipeline.find(option), std::string::npos) << pipeline;
  options.selectRegisterTile(/*vectors512=*/false);
  EXPECT_EQ(tiles(), (std::vector<int64_t>{4, 16, 4, 0, 0, 0}));
}

TEST_F(CodegenCPUTest, TakesTheLargeTileForLargeWork) {
  // 8 x 32 x 16 = 4096 multiply-adds: the large tile at a threshold of
  // 4096, the regular one above it.
  for (auto [minLargeWork, rows] :
       {std::pair<int64_t, int64_t>{4096, 8}, {4097, 2}}) {
    ASSERT_TRUE(parse(kMatmul));
    IRRewriter rewriter(&context);
    nn::ContractionTileSizes sizes{/*m=*/2, /*n=*/8, /*k=*/2};
    sizes.largeM = 8;
    sizes.largeN = 16;
    sizes.largeK = 4;
    sizes.minLargeWork = minLargeWork;
    ASSERT_TRUE(succeeded(
        nn::tileContraction(rewriter, first<linalg::MatmulOp>(), sizes)));
    VectorType expected =
        rows == 8 ? VectorType::get({8, 16}, Float32Type::get(&context))
                  : VectorType::get({2, 8}, Float32Type::get(&context));
    EXPECT_EQ(first<vector::ContractionOp>().getResultType(), expected)
        << "threshold " << minLargeWork;
  }
}

} // namespace
