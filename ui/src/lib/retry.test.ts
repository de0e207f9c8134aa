import { describe, expect, it, vi } from 'vitest';
import { BUSY_RETRY_DELAYS_MS, retryWhileBusy } from './retry';

const busy = { code: 'store.busy', message: '另一位操作员正在写入登记册,请稍候片刻再试。本次未作任何更改', errors: [] };

/** An attempt that fails with each of `failures` in turn, then answers 'done'. */
function failing(...failures: unknown[]) {
  const queue = [...failures];
  return vi.fn(async () => {
    if (queue.length > 0) throw queue.shift();
    return 'done';
  });
}

describe('retryWhileBusy', () => {
  it('answers at once when the first attempt succeeds, with no wait shown', async () => {
    const attempt = failing();
    const sleep = vi.fn(async () => {});
    const onwaiting = vi.fn();
    await expect(retryWhileBusy(attempt, { sleep, onwaiting })).resolves.toBe('done');
    expect(attempt).toHaveBeenCalledTimes(1);
    expect(sleep).not.toHaveBeenCalled();
    expect(onwaiting).not.toHaveBeenCalled();
  });

  it('waits 1 s, then 2 s, while another clerk is writing, and answers once the register is free', async () => {
    const attempt = failing(busy, busy);
    const sleep = vi.fn(async () => {});
    const onwaiting = vi.fn();
    await expect(retryWhileBusy(attempt, { sleep, onwaiting })).resolves.toBe('done');
    expect(attempt).toHaveBeenCalledTimes(3);
    expect(sleep.mock.calls).toEqual([[1000], [2000]]);
    // One status for the whole wait: on at the first refusal, off when the call settles.
    expect(onwaiting.mock.calls).toEqual([[true], [false]]);
  });

  it('gives up after three retries (1 s, 2 s, 4 s) with the backend\'s own message', async () => {
    const attempt = failing(busy, busy, busy, busy);
    const sleep = vi.fn(async () => {});
    const onwaiting = vi.fn();
    await expect(retryWhileBusy(attempt, { sleep, onwaiting })).rejects.toEqual(busy);
    expect(attempt).toHaveBeenCalledTimes(4);
    expect(sleep.mock.calls).toEqual(BUSY_RETRY_DELAYS_MS.map((ms) => [ms]));
    expect(BUSY_RETRY_DELAYS_MS).toEqual([1000, 2000, 4000]);
    expect(onwaiting.mock.calls).toEqual([[true], [false]]);
  });

  it('never retries any other refusal: it may have been about the input, or the file', async () => {
    for (const refusal of [
      { code: 'required', message: '姓名不能为空', errors: [{ field: 'name', code: 'required', message: '姓名不能为空' }] },
      { code: 'store.read_only', message: '登记册以只读方式打开,不能修改', errors: [] },
      { code: 'store.not_saved', message: '更改未保存到登记册', errors: [] },
    ]) {
      const attempt = failing(refusal);
      const sleep = vi.fn(async () => {});
      await expect(retryWhileBusy(attempt, { sleep })).rejects.toEqual(refusal);
      expect(attempt).toHaveBeenCalledTimes(1);
      expect(sleep).not.toHaveBeenCalled();
    }
  });

  it('stops retrying at the first refusal that is not busy, and clears the status', async () => {
    const refusal = { code: 'store.damaged', message: '登记册文件已损坏', errors: [] };
    const attempt = failing(busy, refusal);
    const onwaiting = vi.fn();
    await expect(retryWhileBusy(attempt, { sleep: async () => {}, onwaiting })).rejects.toEqual(refusal);
    expect(attempt).toHaveBeenCalledTimes(2);
    expect(onwaiting.mock.calls).toEqual([[true], [false]]);
  });

  it('rejects with an ApiError whatever the attempt threw', async () => {
    await expect(retryWhileBusy(failing('command x not found'))).rejects.toEqual({ code: 'ipc', message: 'command x not found', errors: [] });
  });
});
