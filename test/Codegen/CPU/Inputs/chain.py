# Prints a function of N chained ops (nn.tanh, or nn.matmul with "matmul"),
# for the compile-time tests of the CPU pipeline.
import sys

n = int(sys.argv[1])
op = sys.argv[2] if len(sys.argv) > 2 else "tanh"
print("func.func @chain(%x: tensor<4x8xf32>, %w: tensor<8x8xf32>)"
      " -> tensor<4x8xf32> {")
value = "%x"
for i in range(n):
    if op == "matmul":
        print(f"  %v{i} = nn.matmul {value}, %w"
              " : tensor<4x8xf32>, tensor<8x8xf32>")
    else:
        print(f"  %v{i} = nn.tanh {value} : tensor<4x8xf32>")
    value = f"%v{i}"
print(f"  return {value} : tensor<4x8xf32>")
print("}")
