// A stand-in for the inference worker's client in controller unit tests. Every request is
// recorded in order; a request type with an answer set is answered at once (on a later
// microtask, as a real reply would be), the others wait until the test settles them, so a test
// decides the order in which replies arrive.
import type { ClientHandle, InferenceClient, RequestOptions } from '../../bridge/client';
import type { RequestType, WorkerApi } from '../../bridge/protocol';

export interface SentRequest<K extends RequestType = RequestType> {
  readonly type: K;
  readonly payload: WorkerApi[K]['request'];
  readonly options?: RequestOptions;
  settled: boolean;
  resolve(value: WorkerApi[K]['result']): void;
  reject(error: unknown): void;
}

type Answer<K extends RequestType> = (
  payload: WorkerApi[K]['request'],
  sent: SentRequest<K>,
) => WorkerApi[K]['result'] | Promise<WorkerApi[K]['result']>;

export class FakeClient implements InferenceClient, ClientHandle {
  readonly sent: SentRequest[] = [];
  private readonly answers = new Map<RequestType, Answer<RequestType>>();
  private readonly arrivals: { type: RequestType; take(sent: SentRequest): void }[] = [];

  get current(): InferenceClient {
    return this;
  }

  /** Answers every later request of `type` with what `answer` returns (or rejects with what it throws). */
  answer<K extends RequestType>(type: K, answer: Answer<K>): this {
    this.answers.set(type, answer as unknown as Answer<RequestType>);
    return this;
  }

  request<K extends RequestType>(type: K, payload: WorkerApi[K]['request'], options?: RequestOptions): Promise<WorkerApi[K]['result']> {
    return new Promise((resolve, reject) => {
      const sent: SentRequest<K> = {
        type,
        payload,
        options,
        settled: false,
        resolve: (value) => {
          sent.settled = true;
          resolve(value);
        },
        reject: (error) => {
          sent.settled = true;
          reject(error);
        },
      };
      this.sent.push(sent as unknown as SentRequest);
      const arrival = this.arrivals.findIndex((a) => a.type === type);
      if (arrival >= 0) this.arrivals.splice(arrival, 1)[0]!.take(sent as unknown as SentRequest);
      const answer = this.answers.get(type) as Answer<K> | undefined;
      if (answer) {
        void Promise.resolve()
          .then(() => answer(payload, sent))
          .then(sent.resolve, sent.reject);
      }
    });
  }

  /**
   * The oldest waiting request of `type`, or the next one sent: for requests sent after work
   * whose duration the test does not control (hashing, file reads).
   */
  next<K extends RequestType>(type: K): Promise<SentRequest<K>> {
    const waiting = this.waiting(type)[0];
    if (waiting) return Promise.resolve(waiting);
    return new Promise((take) => this.arrivals.push({ type, take: take as (sent: SentRequest) => void }));
  }

  /** Types of the requests sent so far, in order. */
  get types(): RequestType[] {
    return this.sent.map((s) => s.type);
  }

  /** Every request of `type` sent so far, answered or not, oldest first. */
  sentOf<K extends RequestType>(type: K): SentRequest<K>[] {
    return this.sent.filter((s) => s.type === type) as unknown as SentRequest<K>[];
  }

  /** The requests of `type` still waiting for a reply, oldest first. */
  waiting<K extends RequestType>(type: K): SentRequest<K>[] {
    return this.sentOf(type).filter((s) => !s.settled);
  }

  /** The oldest request of `type` still waiting; fails the test when there is none. */
  oldest<K extends RequestType>(type: K): SentRequest<K> {
    const found = this.waiting(type)[0];
    if (!found) throw new Error(`no '${type}' request is waiting; sent so far: ${this.types.join(', ') || 'none'}`);
    return found;
  }
}
