/* Calls one function of an nn-compile object, for the tests: build with
 *
 *   clang-22 -DNN_FUNCTION=name -include name.h call.c name.o <runtime>
 *
 *   call [--npy DIR] SHAPE...
 *
 * SHAPE gives the sizes of each input in order (`3x4`, `-` for rank 0);
 * the element types come from the signature and the elements from a fixed
 * pattern. Prints each output's type and elements, or the error (exit 1).
 * With --npy, writes DIR/in<i>.npy and DIR/out<i>.npy, so that nn-run can
 * run on the same inputs and the outputs compare byte for byte. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
#define ENTRY CAT(nn_, NN_FUNCTION)
#define QUERY(name) CAT(CAT(nn_, NN_FUNCTION), name)

/* Element k of every input: small values of both signs, exact in f16. */
static void fill(nn_tensor *tensor) {
  int64_t count = nn_tensor_num_elements(tensor);
  tensor->data = calloc(count ? count : 1, 8);
  for (int64_t k = 0; k < count; ++k) {
    double value = (double)(k % 13) * 0.25 - 1.5;
    switch (tensor->dtype) {
    case NN_F32:
      ((float *)tensor->data)[k] = (float)value;
      break;
    case NN_F64:
      ((double *)tensor->data)[k] = value;
      break;
    case NN_I32:
      ((int32_t *)tensor->data)[k] = (int32_t)(k % 5);
      break;
    case NN_I64:
      ((int64_t *)tensor->data)[k] = k % 5;
      break;
    case NN_I1:
      ((uint8_t *)tensor->data)[k] = (uint8_t)(k % 2);
      break;
    }
  }
}

static void print(const nn_tensor *tensor, int64_t index) {
  printf("output %lld: ", (long long)index);
  for (int32_t d = 0; d < tensor->rank; ++d)
    printf("%lldx", (long long)tensor->shape[d]);
  printf("%s =", nn_dtype_name(tensor->dtype));
  int64_t count = nn_tensor_num_elements(tensor);
  for (int64_t k = 0; k < count && k < 16; ++k) {
    switch (tensor->dtype) {
    case NN_F32:
      printf(" %g", ((const float *)tensor->data)[k]);
      break;
    case NN_F64:
      printf(" %g", ((const double *)tensor->data)[k]);
      break;
    case NN_I32:
      printf(" %d", ((const int32_t *)tensor->data)[k]);
      break;
    case NN_I64:
      printf(" %lld", (long long)((const int64_t *)tensor->data)[k]);
      break;
    case NN_I1:
      printf(" %d", ((const uint8_t *)tensor->data)[k]);
      break;
    }
  }
  printf("%s\n", count > 16 ? " ..." : "");
}

int main(int argc, char **argv) {
  const char *dir = NULL;
  int first = 1;
  if (argc > 2 && !strcmp(argv[1], "--npy")) {
    dir = argv[2];
    first = 3;
  }
  int64_t numInputs = argc - first, numOutputs = QUERY(_num_outputs)();
  nn_tensor *inputs = calloc(numInputs + 1, sizeof(nn_tensor));
  nn_tensor *outputs = calloc(numOutputs + 1, sizeof(nn_tensor));
  char path[4096];
  for (int64_t i = 0; i < numInputs; ++i) {
    nn_tensor *input = &inputs[i];
    input->dtype = QUERY(_input_dtype)(i) < 0 ? NN_F32 : QUERY(_input_dtype)(i);
    for (char *spec = argv[first + i]; *spec && *spec != '-';) {
      input->shape[input->rank++] = strtoll(spec, &spec, 10);
      spec += *spec == 'x';
    }
    fill(input);
    snprintf(path, sizeof(path), "%s/in%lld.npy", dir, (long long)i);
    if (dir && nn_tensor_write_npy(input, path) != NN_OK)
      return fprintf(stderr, "%s\n", nn_last_error()), 1;
  }
  int status = ENTRY(inputs, numInputs, outputs, numOutputs);
  if (status != NN_OK)
    printf("error: %s\n", nn_last_error());
  for (int64_t i = 0; status == NN_OK && i < numOutputs; ++i) {
    print(&outputs[i], i);
    snprintf(path, sizeof(path), "%s/out%lld.npy", dir, (long long)i);
    if (dir && nn_tensor_write_npy(&outputs[i], path) != NN_OK)
      return fprintf(stderr, "%s\n", nn_last_error()), 1;
    nn_tensor_free(&outputs[i]);
  }
  for (int64_t i = 0; i < numInputs; ++i)
    free(inputs[i].data);
  free(inputs);
  free(outputs);
  return status != NN_OK;
}
