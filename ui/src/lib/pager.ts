// Arithmetic of a server-paginated list: which rows a page shows and where the neighbours start.

export type PageWindow = {
  /** 1-based number of the first row shown; 0 when nothing is shown. */
  from: number;
  /** 1-based number of the last row shown; 0 when nothing is shown. */
  to: number;
  total: number;
  /** Whether `total` is exact; otherwise more than `total` match (the pager says "1,000+"). */
  exact: boolean;
  hasPrev: boolean;
  hasNext: boolean;
};

/**
 * The rows a page shows. `exact` false: the server stopped counting at `total` and more match
 * ("1–50 of 1,000+"), so there is always a next page.
 */
export function pageWindow(offset: number, limit: number, total: number, shown?: number, exact = true): PageWindow {
  const rows = shown ?? Math.max(0, Math.min(limit, total - offset));
  if (total <= 0 || rows <= 0) {
    return { from: 0, to: 0, total: Math.max(0, total), exact, hasPrev: offset > 0, hasNext: false };
  }
  return {
    from: offset + 1,
    to: offset + rows,
    total,
    exact,
    hasPrev: offset > 0,
    hasNext: offset + rows < total || (!exact && rows >= limit),
  };
}

export function nextOffset(offset: number, limit: number, total: number, exact = true): number {
  return offset + limit < total || !exact ? offset + limit : offset;
}

export function prevOffset(offset: number, limit: number): number {
  return Math.max(0, offset - limit);
}

/**
 * The offset to ask for when the list shrank under the current page (rows archived, a filter
 * narrowed): the start of the last page that still has rows.
 */
export function clampOffset(offset: number, limit: number, total: number): number {
  if (offset < total || total <= 0) return total <= 0 ? 0 : offset;
  return Math.floor((total - 1) / limit) * limit;
}
