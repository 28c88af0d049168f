import type { CDPSession, Page } from '@playwright/test';

/** JS heap of the page and of its workers, after a garbage collection in each, through the DevTools protocol. */
export interface Heaps {
  pageBytes: number;
  /** Summed over the page's dedicated workers (the inference worker, and ORT's WASM threads). */
  workerBytes: number;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * Workers have no page of their own for Playwright's CDP sessions, so the page's session
 * auto-attaches to them and talks to each through Target.sendMessageToTarget.
 */
export class HeapSampler {
  private readonly workers = new Set<string>();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  private constructor(private readonly session: CDPSession) {
    session.on('Target.attachedToTarget', (event) => {
      if (event.targetInfo.type === 'worker') this.workers.add(event.sessionId);
    });
    session.on('Target.detachedFromTarget', (event) => this.workers.delete(event.sessionId));
    session.on('Target.receivedMessageFromTarget', (event) => {
      const message = JSON.parse(event.message) as { id?: number; result?: unknown; error?: { message: string } };
      const waiting = message.id === undefined ? undefined : this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id!);
      if (message.error) waiting.reject(new Error(message.error.message));
      else waiting.resolve(message.result);
    });
  }

  static async attach(page: Page): Promise<HeapSampler> {
    const session = await page.context().newCDPSession(page);
    const sampler = new HeapSampler(session);
    await session.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
    return sampler;
  }

  private sendToWorker<T>(sessionId: string, method: string): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      void this.session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) }).catch(reject);
    });
  }

  async sample(): Promise<Heaps> {
    await this.session.send('HeapProfiler.collectGarbage');
    const page = await this.session.send('Runtime.getHeapUsage');
    let workerBytes = 0;
    for (const sessionId of this.workers) {
      try {
        await this.sendToWorker(sessionId, 'HeapProfiler.collectGarbage');
        workerBytes += (await this.sendToWorker<{ usedSize: number }>(sessionId, 'Runtime.getHeapUsage')).usedSize;
      } catch {
        // A worker that ended between the listing and the question (ORT's thread pool is fixed, so rare).
      }
    }
    return { pageBytes: page.usedSize, workerBytes };
  }
}
