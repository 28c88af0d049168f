// NumPy .npy reader (format versions 1, 2 and 3) for the arrays Caffe users save means in:
// little-endian float32/float64 (and uint8), C order. Values come back as float32, which is
// what the preprocessing subtracts in.
import { elementCount } from '../domain/tensor';
import { AppError } from '../domain/errors';

export interface NpyArray {
  readonly shape: readonly number[];
  readonly data: Float32Array;
  /** The dtype as written, e.g. '<f8'. */
  readonly dtype: string;
}

const invalid = (message: string) => new AppError('MEAN_INVALID', message);

/** Headers are short; a long one is quoted only this far in messages. */
const short = (text: string): string => (text.length > 120 ? `${text.slice(0, 120)}...` : text);

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

const ITEM_READERS: Readonly<Record<string, { size: number; read: (view: DataView, offset: number) => number }>> = {
  '<f4': { size: 4, read: (v, o) => v.getFloat32(o, true) },
  '<f8': { size: 8, read: (v, o) => v.getFloat64(o, true) },
  '|u1': { size: 1, read: (v, o) => v.getUint8(o) },
  '<u1': { size: 1, read: (v, o) => v.getUint8(o) },
};

/** The header is a Python dict literal: {'descr': '<f8', 'fortran_order': False, 'shape': (3, 256, 256), }. */
function parseHeader(header: string, fileName: string): { descr: string; fortranOrder: boolean; shape: number[] } {
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw invalid(`${fileName}: the .npy header ${JSON.stringify(short(header.trim()))} lacks descr, fortran_order or shape`);
  }
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => {
      if (!/^\d+L?$/.test(s)) throw invalid(`${fileName}: bad dimension '${short(s)}' in the .npy shape (${short(shapeText)})`);
      return Number.parseInt(s, 10);
    });
  return { descr, fortranOrder: fortran === 'True', shape };
}

export function readNpy(bytes: Uint8Array, fileName = 'the .npy file'): NpyArray {
  if (bytes.length < 10 || !MAGIC.every((b, i) => bytes[i] === b))
    throw invalid(`${fileName} is not a NumPy .npy file (no \\x93NUMPY signature)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6] as number;
  if (major < 1 || major > 3) throw invalid(`${fileName}: .npy format version ${major}.${bytes[7]} is not supported (1, 2 and 3 are)`);
  // Version 1 has a 2-byte header length, 2 and 3 a 4-byte one; 3 only allows UTF-8 in it.
  const headerStart = major === 1 ? 10 : 12;
  if (bytes.length < headerStart) throw invalid(`${fileName} is truncated inside its .npy header`);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = headerStart + headerLength;
  if (bytes.length < dataStart) throw invalid(`${fileName} is truncated inside its .npy header`);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, dataStart));
  const { descr, fortranOrder, shape } = parseHeader(header, fileName);
  const reader = ITEM_READERS[descr];
  if (!reader)
    throw invalid(`${fileName}: dtype '${short(descr)}' is not supported (little-endian float32 '<f4', float64 '<f8' or uint8 are)`);
  const count = elementCount(shape);
  if (fortranOrder && shape.filter((d) => d > 1).length > 1) {
    throw invalid(`${fileName} is stored in Fortran order; save it with numpy.ascontiguousarray (C order)`);
  }
  const needed = count * reader.size;
  if (bytes.length - dataStart < needed) {
    throw invalid(
      `${fileName} is truncated: shape (${shape.join(', ')}) of ${descr} needs ${needed} data bytes, the file has ${bytes.length - dataStart}`,
    );
  }
  const data = new Float32Array(count);
  for (let i = 0, offset = dataStart; i < count; i++, offset += reader.size) data[i] = reader.read(view, offset);
  return { shape, data, dtype: descr };
}
