import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { PeopleQuery } from '../bindings/PeopleQuery';

const peopleList = vi.fn();
vi.mock('../lib/api', () => ({ api: { peopleList: (q: PeopleQuery) => peopleList(q) } }));

const { peopleList: list, PAGE_SIZE, SEARCH_DEBOUNCE_MS } = await import('./people-list.svelte');

const row = (n: number) => ({
  id: n, name: `P${n}`, staff_no: `S${n}`, id_number_masked: '**1234', unit: 'u', post: '',
  level: 'general', start_date: '2026-01-01', archived: false,
});
const page = (total: number, count: number) => ({ rows: Array.from({ length: count }, (_, i) => row(i)), total });

describe('people list state', () => {
  beforeEach(() => {
    peopleList.mockReset();
    Object.assign(list, { search: '', level: '', unit: '', includeArchived: false, sort: 'name', descending: false, offset: 0 });
  });

  it('asks the server for one page with the current search, filters and sort', async () => {
    peopleList.mockResolvedValue(page(1234, 50));
    list.level = 'core';
    list.search = ' zs ';
    await list.load();
    expect(peopleList).toHaveBeenCalledWith({
      search: 'zs', level: 'core', unit: null, include_archived: false, sort: 'name', descending: false, offset: 0, limit: PAGE_SIZE,
    });
    expect(list.total).toBe(1234);
    expect(list.rows).toHaveLength(50);
    expect(list.registerEmpty).toBe(false);
  });

  it('keeps whether the total is exact, and pages on past a total that is not', async () => {
    peopleList.mockResolvedValue({ ...page(1000, 50), total_exact: false });
    await list.load();
    expect([list.total, list.totalExact]).toEqual([1000, false]);
    list.offset = 950;
    list.next();
    expect(list.offset).toBe(1000);
    peopleList.mockResolvedValue({ ...page(1234, 50), total_exact: true });
    await list.load();
    expect(list.totalExact).toBe(true);
  });

  it('toggles the direction when the same column is sorted again, and starts from the first page', async () => {
    peopleList.mockResolvedValue(page(100, 50));
    list.offset = 50;
    list.sortBy('name');
    expect(list.descending).toBe(true);
    expect(list.offset).toBe(0);
    list.sortBy('unit');
    expect([list.sort, list.descending]).toEqual(['unit', false]);
  });

  it('drops an answer that arrives after a newer question', async () => {
    let answerFirst: (v: unknown) => void = () => {};
    peopleList.mockImplementationOnce(() => new Promise((r) => (answerFirst = r)));
    peopleList.mockResolvedValueOnce(page(3, 3));
    const first = list.load();
    await list.load();
    answerFirst(page(999, 50));
    await first;
    expect(list.total).toBe(3);
  });

  it('goes back to the last page with rows when the list shrank', async () => {
    peopleList.mockResolvedValueOnce(page(60, 0)).mockResolvedValueOnce(page(60, 10));
    list.offset = 100;
    await list.load();
    expect(list.offset).toBe(50);
    expect(list.rows).toHaveLength(10);
  });

  it('tells an empty register from an empty search', async () => {
    peopleList.mockResolvedValue(page(0, 0));
    await list.load();
    expect(list.registerEmpty).toBe(true);

    list.search = 'nobody';
    await list.load();
    expect(list.registerEmpty).toBe(false);
  });

  it('does not call a register empty when everyone in it is archived', async () => {
    peopleList.mockResolvedValueOnce(page(0, 0)).mockResolvedValueOnce(page(5, 1));
    await list.load();
    expect(peopleList.mock.calls[1][0]).toMatchObject({ include_archived: true, limit: 1 });
    expect(list.registerEmpty).toBe(false);
  });

  it('waits for a pause in typing before searching', async () => {
    vi.useFakeTimers();
    try {
      peopleList.mockResolvedValue(page(1, 1));
      list.offset = 50;
      list.search = 'z';
      list.searchChanged();
      list.search = 'zs';
      list.searchChanged();
      expect(peopleList).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS);
      expect(peopleList).toHaveBeenCalledTimes(1);
      expect(peopleList.mock.calls[0][0]).toMatchObject({ search: 'zs', offset: 0 });
    } finally {
      vi.useRealTimers();
    }
  });
});
