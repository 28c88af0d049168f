import { useEffect, useState } from 'react';
import { frameAtPosition } from '../../../sources/frameRate';
import { LoopToggle } from './LoopToggle';

// The <video> element is a DOM object the view drives, not React state.
function seek(video: HTMLVideoElement, seconds: number): void {
  video.currentTime = seconds;
}

/** Play/pause and a seek bar of our own: the overlay canvas covers the video, so native controls would be hidden. */
export function VideoControls({ video, fps, disabled = false }: { video: HTMLVideoElement | null; fps?: number; disabled?: boolean }) {
  const [time, setTime] = useState(0);
  const [duration, setDuration] = useState(0);
  const [paused, setPaused] = useState(true);

  useEffect(() => {
    if (!video) return;
    const sync = () => {
      setTime(video.currentTime);
      setDuration(Number.isFinite(video.duration) ? video.duration : 0);
      setPaused(video.paused);
    };
    const events = ['timeupdate', 'durationchange', 'play', 'pause', 'seeked', 'emptied'] as const;
    events.forEach((e) => video.addEventListener(e, sync));
    return () => events.forEach((e) => video.removeEventListener(e, sync));
  }, [video]);

  if (!video) return null;
  const step = fps ? 1 / fps : 0.04;
  return (
    <div className="video-controls">
      <button
        type="button"
        data-testid="play-toggle"
        onClick={() => void (video.paused ? video.play() : video.pause())}
        disabled={disabled || (duration === 0 && !video.srcObject)}
      >
        {paused ? 'Play' : 'Pause'}
      </button>
      <input
        type="range"
        aria-label="Seek"
        data-testid="seek"
        min={0}
        max={duration || 0}
        step={step}
        value={time}
        disabled={disabled || duration === 0}
        onChange={(e) => seek(video, Number(e.target.value))}
      />
      <LoopToggle />
      <span className="time">
        {time.toFixed(2)} / {duration.toFixed(2)} s{fps ? ` · frame ${frameAtPosition(time, fps)} · ${fps} fps` : ''}
      </span>
    </div>
  );
}
