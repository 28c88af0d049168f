// Packed little-endian float32, as ONNX raw_data and Caffe's packed blob data store them. On a
// little-endian host (all browsers in practice) writing is a view and reading one byte copy.
const littleEndianHost = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The bytes of `data` in little-endian order; a view of it, not a copy, on little-endian hosts. */
export function float32Bytes(data: Float32Array): Uint8Array {
  if (littleEndianHost) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const bytes = new Uint8Array(data.length * 4);
  const view = new DataView(bytes.buffer);
  data.forEach((value, i) => view.setFloat32(i * 4, value, true));
  return bytes;
}

/** Copies (never aliases) packed little-endian floats, so the caller may drop the file's buffer. */
export function floatsFromBytes(bytes: Uint8Array): Float32Array {
  if (bytes.byteLength % 4 !== 0) throw new Error(`${bytes.byteLength} bytes of float data is not a whole number of floats`);
  const out = new Float32Array(bytes.byteLength / 4);
  if (littleEndianHost) {
    // A byte copy: the view into the file is rarely 4-byte aligned, so no Float32Array view of it.
    new Uint8Array(out.buffer).set(bytes);
  } else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  }
  return out;
}
