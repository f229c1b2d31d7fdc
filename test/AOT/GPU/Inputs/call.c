/* Calls a function compiled by nn-compile --device=cuda (Inputs/add.mlir:
 * add(x, y) = x + 2 * y on 3x5 f32) and reports what the GPU runtime says. */
#include "add.h"
#include "nn/AOT/GPURuntime.h"

#include <stdio.h>

int main(void) {
  float x[15], y[15];
  for (int i = 0; i < 15; ++i) {
    x[i] = (float)i;
    y[i] = 1.0f;
  }
  nn_tensor inputs[2] = {{x, {3, 5}, 2, NN_F32, NULL},
                         {y, {3, 5}, 2, NN_F32, NULL}};
  nn_tensor output;
  int status = nn_add(inputs, 2, &output, 1);
  const char *error = nn_gpu_last_error();
  printf("status %d, gpu: %s\n", status, error ? error : "ok");
  if (status == 0) {
    printf("output %lldx%lld\n", (long long)output.shape[0],
           (long long)output.shape[1]);
    nn_tensor_free(&output);
  }
  /* A wrong shape is caught before anything runs, GPU or not. */
  inputs[1].shape[1] = 4;
  status = nn_add(inputs, 2, &output, 1);
  printf("wrong shape: status %d: %s\n", status, nn_last_error());
  return 0;
}
