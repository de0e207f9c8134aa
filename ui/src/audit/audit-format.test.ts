import { describe, expect, it } from 'vitest';
import { recordOf, shortHash } from './audit-format';

describe('audit formatting', () => {
  it('shortens a hash', () => {
    expect(shortHash('a'.repeat(64))).toBe(`${'a'.repeat(12)}…`);
    expect(shortHash('abc')).toBe('abc');
  });

  it("names, on a person's page, only what the entry adds to the person", () => {
    const person = { name: '张三', staff_no: 'S0001' };
    expect(recordOf('张三(S0001)', person)).toBeNull();
    expect(recordOf('张三 (S0001)', person)).toBeNull();
    expect(recordOf('张三(S0001) · 行程 3', person)).toBe('行程 3');
    expect(recordOf('张三 (S0001) · Trip 3', person)).toBe('Trip 3');
    expect(recordOf('李四(S0002) · 行程 3', person)).toBe('李四(S0002) · 行程 3');
    expect(recordOf('设置:操作员', person)).toBe('设置:操作员');
  });
});
