// A command refused because another clerk is writing to the register (`store.busy`) wrote
// nothing, so it is simply asked again, a little later each time, while the window says it is
// waiting. Anything else, or a register still busy after the last wait, is the caller's to show.
import type { ApiError } from '../bindings/ApiError';
import { toApiError } from './errors';

export const BUSY_CODE = 'store.busy';

/** The waits before each new attempt: three retries, over about seven seconds. */
export const BUSY_RETRY_DELAYS_MS: readonly number[] = [1000, 2000, 4000];

export type RetryOptions = {
  delays?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
  /** Called with true when the first wait starts, with false once the call settles. */
  onwaiting?: (waiting: boolean) => void;
};

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `attempt`, and again after each delay while it fails with `store.busy`; rejects with an ApiError. */
export async function retryWhileBusy<T>(attempt: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { delays = BUSY_RETRY_DELAYS_MS, sleep = sleepFor, onwaiting } = options;
  let waiting = false;
  try {
    for (let i = 0; ; i++) {
      let error: ApiError;
      try {
        return await attempt();
      } catch (e) {
        error = toApiError(e);
      }
      if (error.code !== BUSY_CODE || i >= delays.length) throw error;
      if (!waiting) {
        waiting = true;
        onwaiting?.(true);
      }
      await sleep(delays[i]);
    }
  } finally {
    if (waiting) onwaiting?.(false);
  }
}
