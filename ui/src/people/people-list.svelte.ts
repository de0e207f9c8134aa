// The people table's state: search, filters, sort and page, and the page the server returned.
// It outlives the screen, so going to a person and back keeps the place in the list.
import type { ApiError } from '../bindings/ApiError';
import type { PeopleQuery } from '../bindings/PeopleQuery';
import type { PersonSummary } from '../bindings/PersonSummary';
import type { SortKey } from '../bindings/SortKey';
import type { Stage } from '../bindings/Stage';
import { api } from '../lib/api';
import { toApiError } from '../lib/errors';
import { clampOffset, nextOffset, prevOffset } from '../lib/pager';

export const PAGE_SIZE = 50;
export const SEARCH_DEBOUNCE_MS = 150;

class PeopleList {
  search = $state('');
  level = $state('');
  unit = $state('');
  stage = $state<Stage | ''>('');
  includeArchived = $state(false);
  sort = $state<SortKey>('name');
  descending = $state(false);
  offset = $state(0);

  rows = $state<PersonSummary[]>([]);
  total = $state(0);
  /** false: more than `total` match (the server counts exactly only up to a threshold). */
  totalExact = $state(true);
  loaded = $state(false);
  loading = $state(false);
  error = $state<ApiError | null>(null);
  /** Nobody at all is registered (not merely nobody matching): the empty state shows. */
  registerEmpty = $state(false);
  /** Another screen (the dashboard's empty state) asked the People screen to open *Add person*. */
  addRequested = false;

  #request = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  get narrowed(): boolean {
    return this.search.trim() !== '' || this.level !== '' || this.unit !== '' || this.stage !== '';
  }

  query(): PeopleQuery {
    return {
      search: this.search.trim(),
      level: this.level || null,
      unit: this.unit || null,
      stage: this.stage || undefined,
      include_archived: this.includeArchived,
      sort: this.sort,
      descending: this.descending,
      offset: this.offset,
      limit: PAGE_SIZE,
    };
  }

  /** Asks for the current page; an answer to an older question is dropped. */
  async load(): Promise<void> {
    clearTimeout(this.#timer);
    const request = ++this.#request;
    const current = () => request === this.#request;
    this.loading = true;
    try {
      const page = await api.peopleList(this.query());
      if (!current()) return;
      const exact = page.total_exact !== false;
      if (page.rows.length === 0 && page.total > 0 && this.offset > 0 && exact) {
        // The list shrank under this page: show its last page instead.
        this.offset = clampOffset(this.offset, PAGE_SIZE, page.total);
        return this.load();
      }
      let empty = false;
      if (page.total === 0 && !this.narrowed) {
        empty = this.includeArchived ||
          (await api.peopleList({ ...this.query(), include_archived: true, offset: 0, limit: 1 })).total === 0;
        if (!current()) return;
      }
      this.rows = page.rows;
      this.total = page.total;
      this.totalExact = exact;
      this.registerEmpty = empty;
      this.error = null;
      this.loaded = true;
    } catch (e) {
      if (current()) this.error = toApiError(e);
    } finally {
      if (current()) this.loading = false;
    }
  }

  /** Search as you type: waits for a pause before asking. */
  searchChanged(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.offset = 0;
      void this.load();
    }, SEARCH_DEBOUNCE_MS);
  }

  filtersChanged(): void {
    this.offset = 0;
    void this.load();
  }

  sortBy(key: SortKey): void {
    if (this.sort === key) {
      this.descending = !this.descending;
    } else {
      this.sort = key;
      this.descending = false;
    }
    this.offset = 0;
    void this.load();
  }

  next(): void {
    const to = nextOffset(this.offset, PAGE_SIZE, this.total, this.totalExact);
    if (to !== this.offset) {
      this.offset = to;
      void this.load();
    }
  }

  prev(): void {
    const to = prevOffset(this.offset, PAGE_SIZE);
    if (to !== this.offset) {
      this.offset = to;
      void this.load();
    }
  }

  clear(): void {
    this.search = '';
    this.level = '';
    this.unit = '';
    this.stage = '';
    this.filtersChanged();
  }
}

export const peopleList = new PeopleList();
