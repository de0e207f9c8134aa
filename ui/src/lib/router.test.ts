import { describe, expect, it } from 'vitest';
import { router } from './router.svelte';

describe('router history', () => {
  it('goes back to the screen it came from with what that screen kept', () => {
    router.reset();
    let filter = 'overdue';
    expect(router.keep(() => ({ filter }))).toBeNull();
    filter = 'due';
    router.go({ screen: 'person', id: 7 as never });
    expect(router.previous).toEqual({ screen: 'dashboard' });
    // The person page keeps nothing.
    router.go({ screen: 'trip', id: 3 as never });
    expect(router.previous?.screen).toBe('person');

    expect(router.back()).toBe(true);
    expect(router.route).toEqual({ screen: 'person', id: 7 });
    expect(router.keep(() => null)).toBeNull();
    expect(router.back()).toBe(true);
    expect(router.route).toEqual({ screen: 'dashboard' });
    // The dashboard gets back what it kept when it was left, once.
    expect(router.keep(() => ({ filter }))).toEqual({ filter: 'due' });
    expect(router.keep(() => ({ filter }))).toBeNull();
    expect(router.back()).toBe(false);
  });

  it('goes to the fallback when nothing is behind, and a fresh visit starts fresh', () => {
    router.reset({ screen: 'person', id: 1 as never });
    router.backOr({ screen: 'people' });
    expect(router.route).toEqual({ screen: 'people' });
    expect(router.previous).toEqual({ screen: 'person', id: 1 });
    router.keep(() => 'kept');
    router.go({ screen: 'dashboard' });
    router.go({ screen: 'people' });
    expect(router.keep(() => 'x')).toBeNull();
  });
});
