// DEV ONLY (`vite --mode mock`, through lib/mock-backend.ts): accounts, sign-in, roles and the
// idle lock imitated in memory, to look at the session's screens in a browser.
//
// URL switches: ?account=none (no account yet: the first one is created)  ?signin=1 (an account
// exists, nobody signed in)  ?role=clerk|approver|auditor|admin (who is signed in, default admin)
// ?idle=SECONDS (the lock after seconds instead of minutes). Every password is "secret" except
// those set here; five wrong ones make the next try wait (5 s, then 10 s …).
import type { ApiError } from '../bindings/ApiError';
import type { Lang } from '../bindings/Lang';
import type { AccountRow, AccountView, Role } from './types';

const params = new URLSearchParams(typeof location === 'undefined' ? '' : location.search);

const CLERK = ['read', 'preferences', 'edit_people', 'reveal_id', 'record_steps', 'record_travel', 'issue_forms', 'reminders', 'import', 'export', 'audit'];
const ALLOWED: Record<Role, string[]> = {
  clerk: CLERK,
  approver: [...CLERK, 'approve_trip', 'override_onboarding', 'change_policy'],
  auditor: ['read', 'preferences', 'export', 'audit'],
  admin: [...CLERK, 'approve_trip', 'override_onboarding', 'change_policy', 'backup', 'restore', 'encryption', 'accounts', 'settings', 'shift_today'],
};
const WORDS: Record<Role, [string, string]> = {
  clerk: ['经办人', 'Clerk'],
  approver: ['审批人', 'Approver'],
  auditor: ['审计员', 'Auditor'],
  admin: ['管理员', 'Administrator'],
};

type Stored = { name: string; role: Role; disabled: boolean; password: string };

const startRole = (params.get('role') as Role | null) ?? 'admin';
const accounts: Stored[] =
  params.get('account') === 'none'
    ? []
    : [
        { name: '王建国', role: startRole, disabled: false, password: 'secret' },
        { name: '王芳', role: 'admin', disabled: false, password: 'secret' },
        { name: '李娜', role: 'clerk', disabled: false, password: 'secret' },
        { name: '赵强', role: 'approver', disabled: false, password: 'secret' },
        { name: '周敏', role: 'auditor', disabled: true, password: 'secret' },
      ];
let signedIn: string | null = params.get('account') === 'none' || params.get('signin') === '1' ? null : '王建国';
let idleMinutes = 10;
let failures = 0;
let waitUntil = 0;

type Ctx = { lang: () => Lang; record: (action: string, entityId: string, old: unknown, next: unknown) => void };

function refuse(ctx: Ctx, code: string, zh: string, en: string, field: string | null = null): never {
  const message = ctx.lang() === 'en' ? en : zh;
  const err: ApiError = { code, message, errors: field ? [{ field, code, message }] : [] };
  throw err;
}

const row = (a: Stored, lang: Lang): AccountRow => ({
  name: a.name, role: a.role, role_words: WORDS[a.role][lang === 'en' ? 1 : 0], disabled: a.disabled,
  created_at: '2026-11-02T08:30:00Z', failed_attempts: 0, wait_until: null,
});

export function mockAccount(lang: Lang): AccountView | null {
  const a = accounts.find((x) => x.name === signedIn);
  return a ? { name: a.name, role: a.role, role_words: row(a, lang).role_words } : null;
}

/** The session's fields of AppInfo. */
export function mockSessionInfo(lang: Lang) {
  const account = mockAccount(lang);
  return {
    account,
    allowed: account ? ALLOWED[account.role] : [],
    needs_account: accounts.length === 0,
    idle_lock_minutes: idleMinutes,
  };
}

function checkPassword(ctx: Ctx, a: Stored | undefined, password: string) {
  const now = Date.now();
  if (now < waitUntil) {
    const s = Math.ceil((waitUntil - now) / 1000);
    refuse(ctx, 'session.wait', `连续 ${failures} 次登录失败,请 ${s} 秒后再试(在此之前正确的密码也不会被接受)`, `${failures} failed sign-ins in a row: try again in ${s} seconds (until then even the right password is refused)`);
  }
  if (!a || a.disabled || a.password !== password) {
    failures += 1;
    ctx.record('session.refused', a?.name ?? '?', null, { failures });
    if (failures >= 5) waitUntil = now + 5000 * 2 ** (failures - 5);
    if (a?.disabled) refuse(ctx, 'session.disabled', '该账户已停用，请联系管理员。', 'This account is disabled: ask an administrator.');
    refuse(ctx, 'session.wrong', '账户名或密码不正确，未登录。', 'Wrong account name or password; not signed in.', 'password');
  }
  failures = 0;
}

function checkNew(ctx: Ctx, password: string, field = 'password') {
  if (password.length < 8) refuse(ctx, 'session.password_short', '密码至少需要 8 个字符。', 'A password needs at least 8 characters.', field);
}

export function mockSessionHandlers(ctx: Ctx, info: () => unknown): Record<string, (args: Record<string, unknown>) => unknown> {
  const admin = () => {
    const me = accounts.find((x) => x.name === signedIn);
    if (me?.role !== 'admin') refuse(ctx, 'access.refused', '您的角色不能管理账户。', 'Your role may not manage accounts.');
  };
  return {
    session_sign_in: ({ name, password }) => {
      const a = accounts.find((x) => x.name === String(name).trim());
      checkPassword(ctx, a, String(password));
      signedIn = a!.name;
      ctx.record('session.sign_in', a!.name, null, null);
      return info();
    },
    session_sign_out: () => {
      if (signedIn) ctx.record('session.sign_out', signedIn, null, null);
      signedIn = null;
      return null;
    },
    session_lock: () => null,
    session_idle_test_seconds: () => (params.get('idle') ? Number(params.get('idle')) : null),
    session_unlock: ({ password }) => {
      checkPassword(ctx, accounts.find((x) => x.name === signedIn), String(password));
      return info();
    },
    account_create_first: ({ name, password }) => {
      if (accounts.length) refuse(ctx, 'session.exists', '登记册已有账户。', 'The register already has accounts.');
      const n = String(name).trim();
      if (!n) refuse(ctx, 'required', '账户名不能为空', 'The account name is required', 'name');
      checkNew(ctx, String(password));
      accounts.push({ name: n, role: 'admin', disabled: false, password: String(password) });
      signedIn = n;
      ctx.record('account.create', n, null, { role: 'admin' });
      return info();
    },
    accounts_list: () => {
      admin();
      return accounts.map((a) => row(a, ctx.lang()));
    },
    account_create: ({ name, role, password }) => {
      admin();
      const n = String(name).trim();
      if (!n) refuse(ctx, 'required', '账户名不能为空', 'The account name is required', 'name');
      if (accounts.some((a) => a.name === n)) refuse(ctx, 'account.exists', `账户 “${n}” 已存在。`, `There is already an account "${n}".`, 'name');
      checkNew(ctx, String(password));
      const a: Stored = { name: n, role: role as Role, disabled: false, password: String(password) };
      accounts.push(a);
      ctx.record('account.create', n, null, { role });
      return row(a, ctx.lang());
    },
    account_update: ({ name, role, disabled }) => {
      admin();
      const a = accounts.find((x) => x.name === name)!;
      ctx.record('account.update', a.name, { role: a.role, disabled: a.disabled }, { role, disabled });
      a.role = role as Role;
      a.disabled = Boolean(disabled);
      return row(a, ctx.lang());
    },
    account_set_password: ({ name, password }) => {
      admin();
      checkNew(ctx, String(password));
      accounts.find((x) => x.name === name)!.password = String(password);
      ctx.record('account.password', String(name), null, null);
      return null;
    },
    account_change_own_password: ({ old, new: next }) => {
      const me = accounts.find((x) => x.name === signedIn)!;
      if (me.password !== old) refuse(ctx, 'session.wrong', '当前密码不正确。', 'The current password is wrong.', 'old');
      checkNew(ctx, String(next), 'new');
      me.password = String(next);
      ctx.record('account.password', me.name, null, null);
      return null;
    },
    idle_lock_set: ({ minutes }) => {
      admin();
      const m = Number(minutes);
      if (!Number.isInteger(m) || m < 1 || m > 240) refuse(ctx, 'idle.range', '锁定时间应为 1 至 240 分钟。', 'The lock time must be 1 to 240 minutes.', 'minutes');
      idleMinutes = m;
      return info();
    },
  };
}
