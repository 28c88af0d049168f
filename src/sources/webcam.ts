import { AppError } from '../domain/errors';

/** Opens the default camera, turning the browser's DOMException names into causes a user can act on. */
export async function openWebcam(): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new AppError('WEBCAM_UNAVAILABLE', 'this browser gives no camera access here (getUserMedia needs https or localhost)');
  }
  try {
    return await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false });
  } catch (error) {
    const name = (error as DOMException).name;
    if (name === 'NotAllowedError' || name === 'SecurityError') {
      throw new AppError('WEBCAM_DENIED', 'camera access was denied: allow the camera for this site in the browser settings and try again');
    }
    if (name === 'NotFoundError' || name === 'OverconstrainedError')
      throw new AppError('WEBCAM_UNAVAILABLE', 'no camera was found on this device');
    if (name === 'NotReadableError')
      throw new AppError('WEBCAM_UNAVAILABLE', 'the camera is in use by another application or could not be started');
    throw new AppError('WEBCAM_UNAVAILABLE', `the camera could not be opened: ${(error as Error).message}`);
  }
}

/** Stopping every track is what turns the camera (and its light) off. */
export function closeWebcam(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}
