/* Reads each .npy file named on the command line with nn_tensor_read_npy
 * and prints its dtype, shape and the sum of its elements (f32, f64, i64
 * and i32 files), or the status and nn_last_error(). */
#include "nn/AOT/Runtime.h"

#include <stdio.h>

static double sum(const nn_tensor *tensor) {
  double total = 0;
  int64_t count = nn_tensor_num_elements(tensor);
  for (int64_t i = 0; i < count; ++i) {
    switch (tensor->dtype) {
    case NN_F32:
      total += ((const float *)tensor->data)[i];
      break;
    case NN_F64:
      total += ((const double *)tensor->data)[i];
      break;
    case NN_I32:
      total += ((const int32_t *)tensor->data)[i];
      break;
    case NN_I64:
      total += (double)((const int64_t *)tensor->data)[i];
      break;
    default:
      break;
    }
  }
  return total;
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; ++i) {
    nn_tensor tensor;
    tensor.rank = -7;
    int status = nn_tensor_read_npy(argv[i], &tensor);
    if (status != NN_OK) {
      /* A failed read leaves the tensor as it was. */
      printf("status %d (rank left %d): %s\n", status, tensor.rank,
             nn_last_error());
      continue;
    }
    printf("%s [", nn_dtype_name(tensor.dtype));
    for (int32_t d = 0; d < tensor.rank; ++d)
      printf(d ? " %lld" : "%lld", (long long)tensor.shape[d]);
    printf("] sum %g\n", sum(&tensor));
    nn_tensor_free(&tensor);
    if (tensor.data || tensor.owner)
      printf("not freed\n");
  }
  return 0;
}
