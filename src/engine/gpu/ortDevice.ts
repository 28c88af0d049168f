import { AppError } from '../../domain/errors';
import { ort } from '../runtime/ort';

/**
 * The GPUDevice ONNX Runtime's WebGPU execution provider runs on. ORT creates it with its first
 * WebGPU session and publishes it as env.webgpu.device (a new one after a device loss); the
 * preprocessing pass must use this device, or ORT could not read our buffer in place.
 */
export async function ortWebGpuDevice(): Promise<GPUDevice> {
  const device: unknown = await ort.env.webgpu.device;
  if (typeof GPUDevice === 'undefined' || !(device instanceof GPUDevice)) {
    throw new AppError('BACKEND_UNAVAILABLE', 'ONNX Runtime did not expose its WebGPU device (env.webgpu.device)');
  }
  return device;
}
