/*===- main.c - An application of an MLP compiled ahead of time -----------===*\
|*                                                                            *|
|* Part of the nn project, under the Apache License v2.0 with LLVM            *|
|* Exceptions. See LICENSE.TXT for license information.                       *|
|* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*|
|*                                                                            *|
|* Calls examples/mlp.mlir's @mlp through the object and header nn-compile    *|
|* wrote: no compiler in the process, only the object and nn::aot_runtime.    *|
|* The inputs are made up (a fixed pseudo-random sequence), their shapes come *|
|* from the signature queries, the batch from the command line:               *|
|*                                                                            *|
|*   aot [--batch N] [--inputs DIR] [--output FILE.npy] [--benchmark N]       *|
|*                                                                            *|
|* --inputs writes the inputs as DIR/input<i>.npy (for nn-run), --output the  *|
|* result (both as nn-run writes .npy files), --benchmark times N more calls. *|
|* Then a call with a wrong shape shows the error a caller gets.              *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#include "mlp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A fixed sequence in [low, high): the same inputs on every run. */
static float *makeInputs(int64_t count, float low, float high,
                         uint32_t *state) {
  float *values = malloc((count ? count : 1) * sizeof(float));
  for (int64_t i = 0; values && i < count; ++i) {
    *state = *state * 1664525u + 1013904223u;
    values[i] = low + (high - low) * (float)(*state >> 8) / 16777216.0f;
  }
  return values;
}

static double now(void) {
  struct timespec time;
  clock_gettime(CLOCK_MONOTONIC, &time);
  return time.tv_sec + time.tv_nsec * 1e-9;
}

static int compareDoubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* The median of `runs` calls, in milliseconds. */
static double benchmark(const nn_tensor *inputs, int runs) {
  double *times = malloc(runs * sizeof(double));
  for (int i = 0; i < runs; ++i) {
    nn_tensor output;
    double start = now();
    int status = nn_mlp(inputs, NN_MLP_NUM_INPUTS, &output, 1);
    times[i] = (now() - start) * 1e3;
    if (status == NN_OK)
      nn_tensor_free(&output);
  }
  qsort(times, runs, sizeof(double), compareDoubles);
  double median =
      runs % 2 ? times[runs / 2] : (times[runs / 2 - 1] + times[runs / 2]) / 2;
  free(times);
  return median;
}

int main(int argc, char **argv) {
  int64_t batch = 4;
  int runs = 0;
  const char *inputDir = NULL, *outputPath = NULL;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--batch"))
      batch = atoll(argv[i + 1]);
    else if (!strcmp(argv[i], "--benchmark"))
      runs = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--inputs"))
      inputDir = argv[i + 1];
    else if (!strcmp(argv[i], "--output"))
      outputPath = argv[i + 1];
  }
  printf("signature: %s\n", nn_mlp_signature());

  /* Each input as the signature describes it; the dynamic size is the
   * batch. Images in [0, 1), weights and biases small. */
  nn_tensor inputs[NN_MLP_NUM_INPUTS];
  uint32_t state = 1;
  for (int64_t i = 0; i < nn_mlp_num_inputs(); ++i) {
    nn_tensor *input = &inputs[i];
    memset(input, 0, sizeof(*input));
    input->rank = nn_mlp_input_rank(i);
    input->dtype = nn_mlp_input_dtype(i);
    for (int32_t d = 0; d < input->rank; ++d) {
      int64_t size = nn_mlp_input_dim(i, d);
      input->shape[d] = size == NN_DYNAMIC ? batch : size;
    }
    input->data = makeInputs(nn_tensor_num_elements(input), i ? -0.1f : 0.0f,
                             i ? 0.1f : 1.0f, &state);
    char path[1024];
    snprintf(path, sizeof(path), "%s/input%lld.npy", inputDir ? inputDir : "",
             (long long)i);
    if (inputDir && nn_tensor_write_npy(input, path) != NN_OK)
      return fprintf(stderr, "error: %s\n", nn_last_error()), 1;
  }

  nn_tensor output;
  if (nn_mlp(inputs, NN_MLP_NUM_INPUTS, &output, 1) != NN_OK)
    return fprintf(stderr, "error: %s\n", nn_last_error()), 1;
  printf("output: %lldx%lldx%s\n", (long long)output.shape[0],
         (long long)output.shape[1], nn_dtype_name(output.dtype));
  const float *probs = output.data;
  float sum = 0;
  for (int64_t j = 0; j < output.shape[1]; ++j)
    sum += probs[j];
  printf("row 0 sums to %.4f\n", sum);
  if (outputPath && nn_tensor_write_npy(&output, outputPath) != NN_OK)
    return fprintf(stderr, "error: %s\n", nn_last_error()), 1;
  nn_tensor_free(&output);
  if (runs > 0)
    printf("benchmark: %d calls, median %.3f ms\n", runs,
           benchmark(inputs, runs));

  /* A wrong size is an error code and a message, never a crash. */
  inputs[1].shape[0] = 783;
  int status = nn_mlp(inputs, NN_MLP_NUM_INPUTS, &output, 1);
  printf("wrong shape: status %d: %s\n", status, nn_last_error());

  for (int64_t i = 0; i < NN_MLP_NUM_INPUTS; ++i)
    free(inputs[i].data);
  return 0;
}
