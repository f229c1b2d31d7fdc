// A pass from a plugin library, loaded at run time by nn-opt, and by nn-run
// (the embedding API's CompileOptions::passPlugins) into the compilation.
// RUN: nn-opt %s --load-pass-plugin=%nn_obj_root/lib/NNExamplePassPlugin.so \
// RUN:   --pass-pipeline='builtin.module(func.func(nn-example-relu-to-maximum))' \
// RUN:   | FileCheck %s
// CHECK-LABEL: func.func @f
// CHECK: %[[ZERO:.*]] = nn.constant dense<0.000000e+00> : tensor<f32>
// CHECK: nn.maximum %arg0, %[[ZERO]] : tensor<3xf32>, tensor<f32>
// CHECK-NOT: nn.relu

// RUN: nn-run %s --function=f --input="3xf32=-1 nan 2" \
// RUN:   --load-pass-plugin=%nn_obj_root/lib/NNExamplePassPlugin.so \
// RUN:   --extra-passes='func.func(nn-example-relu-to-maximum)' \
// RUN:   --compile-to=nn | FileCheck %s --check-prefix=NN
// NN: nn.maximum
// NN-NOT: nn.relu
// RUN: nn-run %s --function=f --input="3xf32=-1 nan 2" \
// RUN:   --load-pass-plugin=%nn_obj_root/lib/NNExamplePassPlugin.so \
// RUN:   --extra-passes='func.func(nn-example-relu-to-maximum)' \
// RUN:   | FileCheck %s --check-prefix=EXEC
// EXEC: 3xf32=[0 {{-?}}nan 2]

// A plugin that cannot be loaded is an error, not a crash.
// RUN: not nn-run %s --function=f --input="3xf32=1" --load-pass-plugin=%t.missing.so 2>&1 \
// RUN:   | FileCheck %s --check-prefix=MISSING
// MISSING: nn-run: error: cannot load pass plugin '{{.*}}missing.so'
func.func @f(%x: tensor<3xf32>) -> tensor<3xf32> {
  %0 = nn.relu %x : tensor<3xf32>
  return %0 : tensor<3xf32>
}
