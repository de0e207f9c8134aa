import { describe, expect, it } from 'vitest';
import { levelName, levelTone } from './levels';

const prc = [
  { id: 'core', name_zh: '核心', name_en: 'Core' },
  { id: 'important', name_zh: '重要', name_en: 'Important' },
  { id: 'general', name_zh: '一般', name_en: 'General' },
];
const us = [
  { id: 'top_secret', name_zh: '绝密', name_en: 'Top Secret' },
  { id: 'secret', name_zh: '机密', name_en: 'Secret' },
  { id: 'confidential', name_zh: '秘密', name_en: 'Confidential' },
];

describe('levels', () => {
  it('names a level in the current language', () => {
    expect(levelName(prc, 'core', 'zh-CN')).toBe('核心');
    expect(levelName(prc, 'core', 'en')).toBe('Core');
    expect(levelName(prc, 'mystery', 'en')).toBe('mystery');
  });
  it('colours the default levels and other policies by rank', () => {
    expect(['core', 'important', 'general'].map((id) => levelTone(prc, id))).toEqual(['high', 'medium', 'low']);
    expect(['top_secret', 'secret', 'confidential'].map((id) => levelTone(us, id))).toEqual(['high', 'medium', 'low']);
    expect(levelTone(us, 'other')).toBe('neutral');
  });
});
