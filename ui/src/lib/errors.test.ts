import { describe, expect, it } from 'vitest';
import { placeErrors, toApiError } from './errors';

describe('toApiError', () => {
  it('keeps an ApiError from the backend', () => {
    const e = { code: 'invalid', message: '姓名不能为空', errors: [{ field: 'name', code: 'required', message: '姓名不能为空' }] };
    expect(toApiError(e)).toEqual(e);
  });
  it('accepts an ApiError without field errors', () => {
    expect(toApiError({ code: 'storage', message: 'Database error' })).toEqual({ code: 'storage', message: 'Database error', errors: [] });
  });
  it('wraps a string rejection from Tauri itself', () => {
    expect(toApiError('command people_lst not found')).toEqual({ code: 'ipc', message: 'command people_lst not found', errors: [] });
  });
  it('wraps a JavaScript error', () => {
    expect(toApiError(new TypeError('boom'))).toMatchObject({ code: 'ui', message: 'boom' });
  });
  it('drops malformed field errors', () => {
    expect(toApiError({ code: 'x', message: 'm', errors: [{ nope: 1 }, { field: null, code: 'c', message: 'g' }] }).errors)
      .toEqual([{ field: null, code: 'c', message: 'g' }]);
  });
});

describe('placeErrors', () => {
  const fields = ['name', 'id_number'] as const;
  it('puts each message under its field and the rest in the banner', () => {
    const placed = placeErrors({
      code: 'invalid', message: 'two problems',
      errors: [
        { field: 'name', code: 'required', message: 'Name is required' },
        { field: 'id_number', code: 'id_number.checksum', message: 'check digit' },
        { field: 'id_number', code: 'id_number.duplicate', message: 'taken' },
        { field: null, code: 'operator.required', message: 'Enter the operator' },
        { field: 'level', code: 'level.unknown', message: 'Unknown level' },
      ],
    }, fields);
    expect(placed.byField).toEqual({ name: ['Name is required'], id_number: ['check digit', 'taken'] });
    expect(placed.general).toEqual(['Enter the operator', 'Unknown level']);
  });
  it('shows the top message when there are no field errors', () => {
    expect(placeErrors({ code: 'storage', message: 'Database error: locked', errors: [] }, fields))
      .toEqual({ byField: {}, general: ['Database error: locked'] });
  });
  it('has nothing to show without an error', () => {
    expect(placeErrors(null, fields)).toEqual({ byField: {}, general: [] });
  });
});
