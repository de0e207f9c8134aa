import { beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.fn();
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const files = await import('./files');

describe('files', () => {
  beforeEach(() => {
    invoke.mockReset().mockResolvedValue(null);
  });

  it('asks the backend for the dialog of a purpose, with the argument names it expects', async () => {
    invoke.mockResolvedValueOnce('/home/office/Documents/人员-2026-11-30.xlsx');
    expect(await files.chooseSaveFile('spreadsheet', '人员-2026-11-30.xlsx')).toBe('/home/office/Documents/人员-2026-11-30.xlsx');
    expect(await files.chooseOpenFile('roster')).toBeNull();
    await files.chooseFolder('backup_folder');
    await files.openInViewer('/tmp/表.pdf');
    await files.printFile('/tmp/表.pdf');
    expect(invoke.mock.calls).toEqual([
      ['choose_file', { purpose: 'spreadsheet', mode: 'save', suggestedName: '人员-2026-11-30.xlsx' }],
      ['choose_file', { purpose: 'roster', mode: 'open', suggestedName: null }],
      ['choose_file', { purpose: 'backup_folder', mode: 'folder', suggestedName: null }],
      ['open_in_viewer', { path: '/tmp/表.pdf' }],
      ['print_file', { path: '/tmp/表.pdf' }],
    ]);
  });

  it('passes on the refusal of printing that is not set up, recognisably', async () => {
    invoke.mockRejectedValueOnce({ code: 'print.not_set_up', message: '本机未设置打印', errors: [] });
    const refusal = await files.printFile('/tmp/表.pdf').catch((e) => e);
    expect(files.isPrintNotSetUp(refusal)).toBe(true);
    expect(files.isPrintNotSetUp({ code: 'print.failed', message: '', errors: [] })).toBe(false);
    expect(files.isPrintNotSetUp(null)).toBe(false);
  });

  it('names the chosen file by its last part', () => {
    expect(files.fileName('/home/王芳/文档/名册.xlsx')).toBe('名册.xlsx');
    expect(files.fileName('C:\\Users\\wf\\名册.xlsx')).toBe('名册.xlsx');
    expect(files.fileName('/home/wf/备份/')).toBe('备份');
    expect(files.fileName('')).toBe('');
    expect(files.fileName(null)).toBe('');
  });
});
