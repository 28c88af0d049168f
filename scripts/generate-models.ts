// Writes the built-in synthetic-weight models (public/models/<id>/model.onnx). They are
// build outputs, never committed. A small JSON stamp next to each model records what made
// it (architecture, seed, a hash of the generator sources) and the model's own hash, so a
// second run does nothing unless the code, the seed, or the file changed.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDetectNet } from '../src/onnx/detectnet';
import { buildGoogLeNet } from '../src/onnx/googlenet';
import type { BuiltModel } from '../src/onnx/googlenet';
import { encodeModel } from '../src/onnx/schema';

/** Same seed, same bytes: every machine serves identical built-in models. */
export const BUILT_IN_SEED = 1;
/** Written into each model's producer_version. */
export const GENERATOR_VERSION = '1';

interface BuiltInModel {
  readonly id: string;
  readonly build: (seed: number, producerVersion: string) => BuiltModel;
}

export const BUILT_IN_MODELS: readonly BuiltInModel[] = [
  { id: 'googlenet', build: buildGoogLeNet },
  { id: 'detectnet', build: buildDetectNet },
];

export interface GeneratedModel {
  readonly id: string;
  readonly file: string;
  readonly bytes: number;
  readonly parameterCount: number;
  /** True when the stamp showed the file was already current. */
  readonly upToDate: boolean;
  readonly ms: number;
}

interface Stamp {
  readonly generator: string;
  readonly id: string;
  readonly seed: number;
  readonly sources: string;
  readonly bytes: number;
  readonly parameterCount: number;
  readonly sha256: string;
}

const sha256 = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

/** Hash of every non-test source under src/onnx: any change to an architecture, the builder or the weight init regenerates. */
async function generatorSourcesHash(): Promise<string> {
  const dir = fileURLToPath(new URL('../src/onnx/', import.meta.url));
  const files = (await readdir(dir)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort();
  const hash = createHash('sha256').update(GENERATOR_VERSION);
  for (const file of files) hash.update(file).update(await readFile(path.join(dir, file)));
  return hash.digest('hex');
}

async function readStamp(file: string): Promise<Stamp | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Stamp;
  } catch {
    return undefined;
  }
}

async function isCurrent(
  modelFile: string,
  stamp: Stamp | undefined,
  expected: Pick<Stamp, 'generator' | 'id' | 'seed' | 'sources'>,
): Promise<boolean> {
  if (
    !stamp ||
    stamp.generator !== expected.generator ||
    stamp.id !== expected.id ||
    stamp.seed !== expected.seed ||
    stamp.sources !== expected.sources
  ) {
    return false;
  }
  try {
    const bytes = await readFile(modelFile);
    return bytes.length === stamp.bytes && sha256(bytes) === stamp.sha256;
  } catch {
    return false;
  }
}

async function writeAtomically(file: string, data: Uint8Array | string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, data);
  await rename(temporary, file);
}

async function generateOne(model: BuiltInModel, outDir: string, seed: number, sources: string): Promise<GeneratedModel> {
  const started = performance.now();
  const dir = path.join(outDir, model.id);
  const file = path.join(dir, 'model.onnx');
  const stampFile = `${file}.stamp`;
  const expected = { generator: `cnn-deploy-lab generate-models ${GENERATOR_VERSION}`, id: model.id, seed, sources };
  const stamp = await readStamp(stampFile);
  if (stamp && (await isCurrent(file, stamp, expected))) {
    return {
      id: model.id,
      file,
      bytes: stamp.bytes,
      parameterCount: stamp.parameterCount,
      upToDate: true,
      ms: performance.now() - started,
    };
  }
  const built = model.build(seed, GENERATOR_VERSION);
  const bytes = encodeModel(built.model);
  await mkdir(dir, { recursive: true });
  await writeAtomically(file, bytes);
  const written: Stamp = { ...expected, bytes: bytes.length, parameterCount: built.parameterCount, sha256: sha256(bytes) };
  await writeAtomically(stampFile, `${JSON.stringify(written, null, 2)}\n`);
  return {
    id: model.id,
    file,
    bytes: bytes.length,
    parameterCount: built.parameterCount,
    upToDate: false,
    ms: performance.now() - started,
  };
}

export async function generateBuiltInModels(outDir = 'public/models', seed = BUILT_IN_SEED): Promise<GeneratedModel[]> {
  const sources = await generatorSourcesHash();
  const results: GeneratedModel[] = [];
  for (const model of BUILT_IN_MODELS) {
    const result = await generateOne(model, outDir, seed, sources);
    const size = `${(result.bytes / 2 ** 20).toFixed(1)} MiB`;
    const what = result.upToDate ? 'up to date' : 'written';
    console.log(
      `${result.file}: ${what}, ${size}, ${result.parameterCount.toLocaleString('en-US')} parameters, seed ${seed} (${result.ms.toFixed(0)} ms)`,
    );
    results.push(result);
  }
  return results;
}

const invokedDirectly = process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
if (invokedDirectly) {
  const started = performance.now();
  await generateBuiltInModels(process.argv[2] ?? 'public/models');
  console.log(`built-in models ready in ${((performance.now() - started) / 1000).toFixed(2)} s`);
}
