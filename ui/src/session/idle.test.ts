import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchIdle } from './idle';

describe('watchIdle', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('calls onidle once after the limit without activity, and again only after new activity', () => {
    vi.useFakeTimers();
    const target = new EventTarget();
    vi.stubGlobal('window', target);
    let now = 0;
    const idle = vi.fn();
    const stop = watchIdle(() => 10_000, idle, () => now);
    now = 9_000;
    vi.advanceTimersByTime(1_000);
    expect(idle).not.toHaveBeenCalled();
    target.dispatchEvent(new Event('keydown'));
    now = 18_000;
    vi.advanceTimersByTime(1_000);
    expect(idle).not.toHaveBeenCalled();
    now = 19_500;
    vi.advanceTimersByTime(1_000);
    expect(idle).toHaveBeenCalledTimes(1);
    now = 40_000;
    vi.advanceTimersByTime(1_000);
    expect(idle).toHaveBeenCalledTimes(1);
    target.dispatchEvent(new Event('mousemove'));
    now = 50_000;
    vi.advanceTimersByTime(1_000);
    expect(idle).toHaveBeenCalledTimes(2);
    stop();
  });

  it('never locks with a limit of 0', () => {
    vi.useFakeTimers();
    vi.stubGlobal('window', new EventTarget());
    let now = 0;
    const idle = vi.fn();
    const stop = watchIdle(() => 0, idle, () => now);
    now = 1e9;
    vi.advanceTimersByTime(5_000);
    expect(idle).not.toHaveBeenCalled();
    stop();
  });
});
