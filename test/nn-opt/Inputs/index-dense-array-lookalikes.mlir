// Text that spells array<index but is no dense array of index: nn-opt parses
// it (see ../index-dense-array.mlir). array<index: 1> in a comment.
!index = i64
func.func @array(%x: tensor<2xf32>, %i: tensor<2xindex>) -> tensor<2xf32>
    attributes {s = "array<index: 1>", e = array<!index: 1, 2>} {
  %array = nn.exp %x : tensor<2xf32>
  return %array : tensor<2xf32>
}
