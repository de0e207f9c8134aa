// Arithmetic of a server-paginated list: which rows a page shows and where the neighbours start.

export type PageWindow = {
  /** 1-based number of the first row shown; 0 when nothing is shown. */
  from: number;
  /** 1-based number of the last row shown; 0 when nothing is shown. */
  to: number;
  total: number;
  hasPrev: boolean;
  hasNext: boolean;
};

export function pageWindow(offset: number, limit: number, total: number, shown?: number): PageWindow {
  const rows = shown ?? Math.max(0, Math.min(limit, total - offset));
  if (total <= 0 || rows <= 0) {
    return { from: 0, to: 0, total: Math.max(0, total), hasPrev: offset > 0, hasNext: false };
  }
  return {
    from: offset + 1,
    to: offset + rows,
    total,
    hasPrev: offset > 0,
    hasNext: offset + rows < total,
  };
}

export function nextOffset(offset: number, limit: number, total: number): number {
  return offset + limit < total ? offset + limit : offset;
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
