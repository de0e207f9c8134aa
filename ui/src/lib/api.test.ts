import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.fn();
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const { api } = await import('./api');
const { registerBusy } = await import('./busy.svelte');

describe('api', () => {
  // Braces: a function returned from beforeEach is run as the test's teardown.
  beforeEach(() => {
    invoke.mockReset().mockResolvedValue(null);
  });

  it('calls each command with the argument names the backend expects', async () => {
    const id = 7;
    const query = { search: 'zs', level: null, unit: null, include_archived: false, sort: 'name' as const, descending: false, offset: 0, limit: 50 };
    await api.appInfo();
    await api.sessionSignIn('王芳', 'pw');
    await api.setLanguage('en');
    await api.peopleList(query);
    await api.unitsList();
    await api.personGet(id);
    await api.personSetLevel(id, 'core', '2026-01-05', '定级');
    await api.personArchive(id, '调离');
    await api.personUnarchive(id);
    await api.personRevealId(id);
    await api.auditList(50, 50);
    await api.auditVerify();
    await api.sampleLoad();
    expect(invoke.mock.calls).toEqual([
      ['app_info', {}],
      ['session_sign_in', { name: '王芳', password: 'pw' }],
      ['set_language', { lang: 'en' }],
      ['people_list', { query }],
      ['units_list', {}],
      ['person_get', { id: 7 }],
      ['person_set_level', { id: 7, level: 'core', effective: '2026-01-05', reason: '定级' }],
      ['person_archive', { id: 7, reason: '调离' }],
      ['person_unarchive', { id: 7 }],
      ['person_reveal_id', { id: 7 }],
      ['audit_list', { offset: 50, limit: 50 }],
      ['audit_verify', {}],
      ['sample_load', {}],
    ]);
  });

  it('sends the reminders commands the argument names their Rust commands take', async () => {
    const filter = { state: 'overdue' as const, unit: null, kind: 're_review' as const, limit: 200 };
    await api.remindersBoard(filter);
    await api.remindersBoard(filter, '2026-11-27');
    await api.reminderAck('person:1:on_duty:re_review', '已通知本人');
    await api.reminderSnooze('person:1:on_duty:re_review', '2026-12-04');
    await api.reminderUnack('person:1:on_duty:re_review');
    await api.remindersIcsSave('/home/office/提醒.ics');
    await api.setKeepInTray(true);
    expect(invoke.mock.calls).toEqual([
      ['reminders_board', { asOf: null, filter }],
      ['reminders_board', { asOf: '2026-11-27', filter }],
      ['reminder_ack', { id: 'person:1:on_duty:re_review', note: '已通知本人' }],
      ['reminder_snooze', { id: 'person:1:on_duty:re_review', until: '2026-12-04' }],
      ['reminder_unack', { id: 'person:1:on_duty:re_review' }],
      ['reminders_ics_save', { path: '/home/office/提醒.ics', names: false }],
      ['set_keep_in_tray', { on: true }],
    ]);
  });

  it('sends an export as the list with its filter, the format, the ID-number choice and the path', async () => {
    const request = { list: 'trips' as const, state: null, open_only: true, person: null };
    await api.exportList(request, 'csv', false, '/tmp/出国.csv');
    await api.exportList({ list: 'people', query: { search: '', level: 'core', unit: null, include_archived: false, sort: 'name', descending: false, offset: 50, limit: 50 } }, 'xlsx', true, '/tmp/名册.xlsx');
    expect(invoke.mock.calls[0]).toEqual(['export_list', { request, format: 'csv', includeIdNumbers: false, path: '/tmp/出国.csv' }]);
    expect(invoke.mock.calls[1][1]).toMatchObject({ format: 'xlsx', includeIdNumbers: true, path: '/tmp/名册.xlsx' });
  });

  it('sends a person as `input`, with the id when updating', async () => {
    const input = { name: '张三', staff_no: 'S1', id_number: 'x', sex: null, birth_date: null, unit: 'u', post: '', level: 'core', start_date: null, phone: '', notes: '' };
    await api.personAdd(input);
    await api.personUpdate(3, input);
    // With the row version the edit dialog loaded (a stale one is refused), null when none.
    await api.personUpdate(3, input, 7);
    expect(invoke.mock.calls).toEqual([
      ['person_add', { input }],
      ['person_update', { id: 3, input, version: null }],
      ['person_update', { id: 3, input, version: 7 }],
    ]);
  });

  it('rejects with an ApiError whatever the backend or Tauri rejected with', async () => {
    const refusal = { code: 'required', message: '姓名不能为空', errors: [{ field: 'name', code: 'required', message: '姓名不能为空' }] };
    invoke.mockRejectedValueOnce(refusal);
    await expect(api.personAdd({} as never)).rejects.toEqual(refusal);
    invoke.mockRejectedValueOnce('command person_add not found');
    await expect(api.personAdd({} as never)).rejects.toEqual({ code: 'ipc', message: 'command person_add not found', errors: [] });
  });

  describe('while another clerk is writing', () => {
    const busy = { code: 'store.busy', message: 'Another clerk is writing to the register: wait a moment and try again. Nothing was changed', errors: [] };
    const input = { name: '张三', staff_no: 'S1', id_number: 'x', sex: null, birth_date: null, unit: 'u', post: '', level: 'core', start_date: null, phone: '', notes: '' };
    const person = { id: 1, name: '张三' };

    beforeEach(() => {
      vi.useFakeTimers();
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('asks again after 1 s and 2 s, saying it waits meanwhile, and answers with the saved person', async () => {
      invoke.mockRejectedValueOnce(busy).mockRejectedValueOnce(busy).mockResolvedValueOnce(person);
      const saved = api.personAdd(input);
      await vi.advanceTimersByTimeAsync(0);
      expect(invoke).toHaveBeenCalledTimes(1);
      expect(registerBusy.waiting).toBe(true);
      await vi.advanceTimersByTimeAsync(999);
      expect(invoke).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(invoke).toHaveBeenCalledTimes(2);
      await vi.advanceTimersByTimeAsync(1999);
      expect(invoke).toHaveBeenCalledTimes(2);
      await vi.advanceTimersByTimeAsync(1);
      await expect(saved).resolves.toEqual(person);
      expect(invoke).toHaveBeenCalledTimes(3);
      // The very same command each time: a busy refusal wrote nothing.
      expect(invoke.mock.calls).toEqual([['person_add', { input }], ['person_add', { input }], ['person_add', { input }]]);
      expect(registerBusy.waiting).toBe(false);
    });

    it('shows the refusal only when the register is still busy after 1 s, 2 s and 4 s', async () => {
      invoke.mockRejectedValue(busy);
      const saved = api.personArchive(7, '调离');
      const outcome = saved.then(() => 'saved', (e: unknown) => e);
      await vi.advanceTimersByTimeAsync(6999);
      expect(invoke).toHaveBeenCalledTimes(3);
      expect(registerBusy.waiting).toBe(true);
      await vi.advanceTimersByTimeAsync(1);
      expect(await outcome).toEqual(busy);
      expect(invoke).toHaveBeenCalledTimes(4);
      expect(registerBusy.waiting).toBe(false);
    });

    it('keeps saying it waits while any of two calls waits', async () => {
      invoke.mockImplementation(async (command: string) => {
        if (command === 'person_archive' && invoke.mock.calls.filter((c) => c[0] === command).length < 3) throw busy;
        if (command === 'units_list' && invoke.mock.calls.filter((c) => c[0] === command).length < 2) throw busy;
        return null;
      });
      const a = api.personArchive(7, '调离');
      const b = api.unitsList();
      await vi.advanceTimersByTimeAsync(1000);
      await b;
      expect(registerBusy.waiting).toBe(true);
      await vi.advanceTimersByTimeAsync(2000);
      await a;
      expect(registerBusy.waiting).toBe(false);
    });

    it('does not retry a refusal that is not busy', async () => {
      invoke.mockRejectedValueOnce({ code: 'store.read_only', message: '登记册以只读方式打开,不能修改', errors: [] });
      await expect(api.personArchive(7, '调离')).rejects.toMatchObject({ code: 'store.read_only' });
      expect(invoke).toHaveBeenCalledTimes(1);
      expect(registerBusy.waiting).toBe(false);
    });
  });
});
