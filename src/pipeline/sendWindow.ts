export interface SendLimits {
  /** Frames sent and not yet answered: one batch running and one filling keeps the worker busy. */
  inFlight: number;
  /** Frames held on this side while the window is full; beyond this the oldest are dropped. */
  waiting: number;
}

/**
 * Flow control from a live source to the inference worker. While WASM computes, the worker's
 * thread is blocked, so frames posted to it pile up as undelivered messages that its batcher
 * cannot see, let alone drop: latency would grow with every frame. So the page sends at most
 * `inFlight` frames at a time and keeps newer ones here, dropping the oldest waiting frame when
 * more than `waiting` wait: the frames that get processed are always the freshest. Pure: the
 * caller sends what `offer`/`settled` return and releases what they drop.
 */
export class SendWindow<T> {
  private readonly queue: T[] = [];
  private sent = 0;

  constructor(private readonly limits: () => SendLimits) {}

  get inFlight(): number {
    return this.sent;
  }

  get waitingCount(): number {
    return this.queue.length;
  }

  offer(item: T): { send: T[]; dropped: T[] } {
    this.queue.push(item);
    const dropped = this.queue.length > this.limits().waiting ? this.queue.splice(0, this.queue.length - this.limits().waiting) : [];
    return { send: this.release(), dropped };
  }

  /** One sent frame was answered (result or error): room for waiting ones. */
  settled(): T[] {
    this.sent = Math.max(0, this.sent - 1);
    return this.release();
  }

  /** Drops everything waiting (seek, new source); frames in flight still settle. */
  clear(): T[] {
    return this.queue.splice(0);
  }

  private release(): T[] {
    const room = Math.max(0, this.limits().inFlight - this.sent);
    const send = this.queue.splice(0, room);
    this.sent += send.length;
    return send;
  }
}

/** One batch running and one filling, and a batch's worth waiting on the page. */
export function sendLimitsFor(batchSize: number): SendLimits {
  return { inFlight: 2 * batchSize, waiting: batchSize };
}
