/* Calls bias_grad (Inputs/bias-grad.mlir): 10,816 kernel launches from host
 * loops, which must not use stack per launch. */
#include "bias-grad.h"
#include "nn/AOT/GPURuntime.h"

#include <stdio.h>
#include <stdlib.h>

int main(void) {
  enum { kCount = 16 * 26 * 26 * 8 };
  float *g = malloc(sizeof(float) * kCount);
  for (int i = 0; i < kCount; ++i)
    g[i] = 1.0f;
  nn_tensor input = {g, {16, 26, 26, 8}, 4, NN_F32, NULL};
  nn_tensor output;
  int status = nn_bias_grad(&input, 1, &output, 1);
  const char *error = nn_gpu_last_error();
  printf("status %d, gpu: %s\n", status, error ? error : "ok");
  if (status == 0) {
    printf("output %lld\n", (long long)output.shape[0]);
    nn_tensor_free(&output);
  }
  free(g);
  return 0;
}
