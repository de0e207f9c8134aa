// What the UI does with a refusal from the backend. The backend has already translated every
// message; the UI only decides where each one is shown.
import type { ApiError } from '../bindings/ApiError';
import type { FieldErrorView } from '../bindings/FieldErrorView';

function isFieldErrorView(v: unknown): v is FieldErrorView {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (o.field === null || typeof o.field === 'string') && typeof o.message === 'string';
}

/**
 * Turns whatever `invoke` rejected with into an ApiError. The backend rejects with an ApiError
 * object; Tauri itself rejects with a plain string (e.g. an unknown command or bad arguments),
 * and a JavaScript failure arrives as an Error.
 */
export function toApiError(e: unknown): ApiError {
  if (typeof e === 'object' && e !== null && !(e instanceof Error)) {
    const o = e as Record<string, unknown>;
    if (typeof o.code === 'string' && typeof o.message === 'string') {
      const errors = Array.isArray(o.errors)
        ? o.errors.filter(isFieldErrorView).map((f) => ({
            field: f.field,
            code: typeof f.code === 'string' ? f.code : o.code as string,
            message: f.message,
          }))
        : [];
      return { code: o.code, message: o.message, errors };
    }
  }
  if (typeof e === 'string') return { code: 'ipc', message: e, errors: [] };
  if (e instanceof Error) return { code: 'ui', message: e.message, errors: [] };
  return { code: 'unknown', message: String(e), errors: [] };
}

export type PlacedErrors = {
  /** Messages to show under a field of the form, by field name. */
  byField: Record<string, string[]>;
  /** Messages about the request as a whole, or about a field the form does not show. */
  general: string[];
};

/** Splits an error into the messages shown under each of `fields` and the rest. */
export function placeErrors(err: ApiError | null, fields: readonly string[]): PlacedErrors {
  const placed: PlacedErrors = { byField: {}, general: [] };
  if (!err) return placed;
  if (err.errors.length === 0) {
    placed.general.push(err.message);
    return placed;
  }
  for (const fe of err.errors) {
    if (fe.field !== null && fields.includes(fe.field)) {
      (placed.byField[fe.field] ??= []).push(fe.message);
    } else {
      placed.general.push(fe.message);
    }
  }
  return placed;
}
