// Fuzzing the first look at an image file (format and size from its header), which decides
// whether the browser is asked to decode it at all.
import { describe, expect, it } from 'vitest';
import { binaryMutator, fuzzTest } from '../onnx/testing/fuzz';
import { checkImageHead, MAX_IMAGE_PIXELS } from './decodeImage';
import type { ImageHeader } from './imageHeader';

const bytes = (...parts: (number[] | string)[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

const seeds = [
  // PNG: signature, IHDR 640x480.
  bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR', [0, 0, 2, 0x80, 0, 0, 1, 0xe0, 8, 2, 0, 0, 0, 0, 0, 0, 0]),
  // JPEG: SOI, APP0 (length 16), DQT (length 4), SOF0 480x640.
  bytes(
    [0xff, 0xd8, 0xff, 0xe0, 0, 16],
    'JFIF',
    [0, 1, 1, 0, 0, 1, 0, 1, 0, 0],
    [0xff, 0xdb, 0, 4, 0, 0],
    [0xff, 0xc0, 0, 17, 8, 1, 0xe0, 2, 0x80, 3],
  ),
  bytes('GIF89a', [0x20, 0x03, 0x58, 0x02, 0, 0, 0]),
  bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8X', [10, 0, 0, 0, 0, 0, 0, 0, 0x7f, 0x02, 0, 0xdf, 0x01, 0]),
  bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 ', [0, 0, 0, 0, 0, 0, 0, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01]),
  bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8L', [0, 0, 0, 0, 0x2f, 0x7f, 0xc2, 0x77, 0x00]),
  bytes('BM', new Array<number>(16).fill(0), [0x80, 2, 0, 0, 0x20, 0xfe, 0xff, 0xff, 1, 0, 24, 0]),
];

describe('image header fuzzing', () => {
  fuzzTest(
    '2,000 mutated image headers give a format and a size, or NOT_AN_IMAGE / IMAGE_EMPTY / IMAGE_TOO_LARGE',
    {
      name: 'image-header',
      seed: 51,
      cases: 2000,
      seeds,
      mutate: binaryMutator(),
      parse: (head) => checkImageHead(head, '"photo.jpg"'),
      codes: ['NOT_AN_IMAGE', 'IMAGE_EMPTY', 'IMAGE_TOO_LARGE'],
      check: (result) => {
        const { width, height } = result as ImageHeader;
        const sizes = [width, height].filter((d) => d !== undefined);
        if (!sizes.every((d) => Number.isInteger(d) && d >= 0)) return `size ${width}x${height}`;
        return (width ?? 0) * (height ?? 0) <= MAX_IMAGE_PIXELS ? undefined : `${width}x${height} passed the pixel limit`;
      },
      sizeOf: (head) => head.length,
    },
    { results: 300, errors: { NOT_AN_IMAGE: 100, IMAGE_TOO_LARGE: 10 } },
  );

  it('reads every seed as the image it is', () => {
    expect(seeds.map((s) => checkImageHead(s, 'x'))).toEqual([
      { format: 'png', width: 640, height: 480 },
      { format: 'jpeg', width: 640, height: 480 },
      { format: 'gif', width: 800, height: 600 },
      { format: 'webp', width: 640, height: 480 },
      { format: 'webp', width: 640, height: 480 },
      { format: 'webp', width: 640, height: 480 },
      { format: 'bmp', width: 640, height: 480 },
    ]);
  });
});
