import { describe, expect, it } from 'vitest';
import { clampOffset, nextOffset, pageWindow, prevOffset } from './pager';

describe('pageWindow', () => {
  it('shows the first page of a long list', () => {
    expect(pageWindow(0, 50, 1234)).toEqual({ from: 1, to: 50, total: 1234, exact: true, hasPrev: false, hasNext: true });
  });
  it('shows a middle page', () => {
    expect(pageWindow(50, 50, 1234)).toMatchObject({ from: 51, to: 100, hasPrev: true, hasNext: true });
  });
  it('stops the last page at the total', () => {
    expect(pageWindow(1200, 50, 1234)).toMatchObject({ from: 1201, to: 1234, hasPrev: true, hasNext: false });
  });
  it('has nothing to show for an empty list', () => {
    expect(pageWindow(0, 50, 0)).toEqual({ from: 0, to: 0, total: 0, exact: true, hasPrev: false, hasNext: false });
  });
  it('fits a list of exactly one page', () => {
    expect(pageWindow(0, 50, 50)).toMatchObject({ from: 1, to: 50, hasNext: false });
  });
  it('trusts the number of rows actually received', () => {
    expect(pageWindow(0, 50, 1234, 49)).toMatchObject({ from: 1, to: 49, hasNext: true });
  });
  it('always has a next page past a count that stopped early ("1,000+")', () => {
    expect(pageWindow(0, 50, 1000, 50, false)).toEqual({ from: 1, to: 50, total: 1000, exact: false, hasPrev: false, hasNext: true });
    expect(pageWindow(950, 50, 1000, 50, false)).toMatchObject({ from: 951, to: 1000, hasNext: true });
    expect(nextOffset(950, 50, 1000, false)).toBe(1000);
    expect(nextOffset(950, 50, 1000, true)).toBe(950);
  });
  it('handles 200,000 people', () => {
    expect(pageWindow(199_950, 50, 200_000)).toMatchObject({ from: 199_951, to: 200_000, hasNext: false });
  });
});

describe('moving between pages', () => {
  it('goes forward only while rows remain', () => {
    expect(nextOffset(0, 50, 120)).toBe(50);
    expect(nextOffset(100, 50, 120)).toBe(100);
    expect(nextOffset(50, 50, 100)).toBe(50);
  });
  it('goes back but never below zero', () => {
    expect(prevOffset(100, 50)).toBe(50);
    expect(prevOffset(30, 50)).toBe(0);
    expect(prevOffset(0, 50)).toBe(0);
  });
  it('returns to the last page that has rows when the list shrinks', () => {
    expect(clampOffset(100, 50, 100)).toBe(50);
    expect(clampOffset(150, 50, 101)).toBe(100);
    expect(clampOffset(50, 50, 0)).toBe(0);
    expect(clampOffset(50, 50, 75)).toBe(50);
  });
});
