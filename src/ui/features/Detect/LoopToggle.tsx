import { useDetectController } from '../../ControllerContext';
import { useAppStore } from '../../../app/store';

/** Whether the video file starts over at its end (on by default: a short clip keeps the overlay busy). */
export function LoopToggle() {
  const detect = useDetectController();
  const loop = useAppStore((s) => s.loopVideo);
  return (
    <label className="check">
      <input type="checkbox" data-testid="video-loop" checked={loop} onChange={(e) => detect.setLoop(e.target.checked)} />
      Loop
    </label>
  );
}
