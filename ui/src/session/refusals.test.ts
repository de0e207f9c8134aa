import { describe, expect, it } from 'vitest';
import { split, waitSeconds } from './refusals';

describe('waitSeconds', () => {
  it('reads the seconds of the growing wait from its message', () => {
    expect(waitSeconds({ code: 'session.wait', message: '密码连续输错 5 次，请 30 秒后再试。', errors: [] })).toBe(30);
    expect(waitSeconds({ code: 'session.wait', message: 'Try again in 60 s.', errors: [] })).toBe(60);
    expect(waitSeconds({ code: 'session.too_many_attempts', message: 'Wait.', errors: [] })).toBe(30);
  });
  it('is null for any other refusal', () => {
    expect(waitSeconds({ code: 'session.wrong_password', message: '账户名或密码不对 (3)。', errors: [] })).toBeNull();
    expect(waitSeconds(null)).toBeNull();
  });
});

describe('split', () => {
  it('puts a field\'s messages under it and the rest above the form', () => {
    const err = { code: 'validation', message: 'x', errors: [{ field: 'password', code: 'c', message: 'p' }, { field: null, code: 'c', message: 'g' }] };
    expect(split(err, 'password')).toEqual({ under: ['p'], rest: ['g'] });
    expect(split({ code: 'c', message: 'm', errors: [] }, 'password')).toEqual({ under: [], rest: ['m'] });
  });
});
