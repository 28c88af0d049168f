// One invocation per model-input pixel: resample the frame (stretch or letterbox, as placed by
// placeFrame), pick the model's channel order, apply (pixel * scale - mean) / std as one
// multiply-add, and write the three planes of one NCHW slot. The uniform layout is
// packPreprocessUniforms (src/pipeline/preprocess/gpuParams.ts); keep the two in step.
//
// The resampling reproduces what the CPU path's 2D canvas (Skia's raster bilinear) computes, so
// both paths feed the model the same numbers: sample points from canvasSamplePositions (4-bit
// weights), edges clamped, integer weighted sums truncated to 8 bits. Measured against drawImage
// + getImageData in Chromium: the same bytes for stretch and letterbox, enlarging and shrinking.
export const PREPROCESS_WORKGROUP = 16;

export const PREPROCESS_WGSL = /* wgsl */ `
struct Params {
  sourceSize: vec2<f32>,
  drawOrigin: vec2<f32>,
  drawSize: vec2<f32>,
  inputSize: vec2<u32>,
  firstFloat: u32,
  padValue: f32,
  gain: vec4<f32>,
  offset: vec4<f32>,
  channelSource: vec4<u32>,
};

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var frame: texture_2d<f32>;
@group(0) @binding(2) var<storage, read_write> slot: array<f32>;
// canvasSamplePositions for the drawn width, then for the drawn height.
@group(0) @binding(3) var<storage, read> positions: array<i32>;

fn byte(p: vec2<i32>) -> vec4<u32> {
  let last = vec2<i32>(params.sourceSize) - vec2<i32>(1);
  return vec4<u32>(round(textureLoad(frame, clamp(p, vec2<i32>(0), last), 0) * 255.0));
}

// Bilinear as the canvas computes it: 4-bit weights from the sample tables, integer sums, truncated.
fn canvasBilinear(o: vec2<i32>) -> vec4<u32> {
  let px = positions[o.x];
  let py = positions[i32(params.drawSize.x) + o.y];
  let i = vec2<i32>(px >> 4u, py >> 4u);
  let x = u32(px & 15);
  let y = u32(py & 15);
  let sum = byte(i) * ((16u - x) * (16u - y)) + byte(i + vec2<i32>(1, 0)) * (x * (16u - y)) +
    byte(i + vec2<i32>(0, 1)) * ((16u - x) * y) + byte(i + vec2<i32>(1, 1)) * (x * y);
  return sum >> vec4<u32>(8u);
}

@compute @workgroup_size(${PREPROCESS_WORKGROUP}, ${PREPROCESS_WORKGROUP})
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= params.inputSize.x || id.y >= params.inputSize.y) {
    return;
  }
  // Placements start on whole pixels (placeFrame), so the drawn span is whole pixels too.
  let local = vec2<i32>(id.xy) - vec2<i32>(params.drawOrigin);
  var rgba = vec4<f32>(params.padValue, params.padValue, params.padValue, 255.0);
  if (all(local >= vec2<i32>(0)) && all(local < vec2<i32>(params.drawSize))) {
    rgba = vec4<f32>(canvasBilinear(local));
  }
  let plane = params.inputSize.x * params.inputSize.y;
  let pixel = params.firstFloat + id.y * params.inputSize.x + id.x;
  for (var c = 0u; c < 3u; c++) {
    slot[pixel + c * plane] = rgba[params.channelSource[c]] * params.gain[c] + params.offset[c];
  }
}
`;
