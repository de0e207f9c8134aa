// DEV ONLY: an in-memory stand-in for the Rust backend, so `vite --mode mock` can show every
// screen in a plain browser. api.ts imports it only when import.meta.env.MODE === 'mock'; the
// production build never contains it. It imitates the backend's answers, not its rules: the
// validation here is just enough to make the error display visible.
//
// URL switches (mock only): ?data=empty|sample|big  ?operator=none  ?lang=en  ?tampered=1
import type { AppInfo } from '../bindings/AppInfo';
import type { ApiError } from '../bindings/ApiError';
import type { AuditEntry } from '../bindings/AuditEntry';
import type { FieldChange } from '../bindings/FieldChange';
import type { FieldErrorView } from '../bindings/FieldErrorView';
import type { Lang } from '../bindings/Lang';
import type { PeopleQuery } from '../bindings/PeopleQuery';
import type { Person } from '../bindings/Person';
import type { PersonId } from '../bindings/PersonId';
import type { PersonInput } from '../bindings/PersonInput';
import type { PersonSummary } from '../bindings/PersonSummary';

// Over JSON the backend's i64 ids arrive as plain numbers; so do the mock's.
const asId = (n: number) => n as unknown as PersonId;
const num = (id: unknown) => Number(id);

const params = new URLSearchParams(typeof location === 'undefined' ? '' : location.search);

const LEVELS = [
  { id: 'core', name_zh: '核心', name_en: 'Core' },
  { id: 'important', name_zh: '重要', name_en: 'Important' },
  { id: 'general', name_zh: '一般', name_en: 'General' },
];

const SURNAMES = '张王李刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐韩冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任';
const GIVEN = ['伟', '芳', '娜', '洋', '静', '帆', '磊', '敏', '杰', '婷', '丽', '骏', '琳', '斌', '欣', '涛', '雪', '峰', '佳', '浩', '爽', '晨', '雨', '亮', '梅', '刚', '洁', '明', '然', '远', '颖', '野', '超', '诺', '强', '冰', '凡', '博', '薇', '航'];
const UNITS: [string, string[]][] = [
  ['科研一部', ['研究员', '副研究员', '助理研究员', '工程师']],
  ['科研二部', ['研究员', '高级工程师', '工程师']],
  ['机要室', ['机要员', '机要主管']],
  ['档案室', ['档案管理员', '档案主管']],
  ['信息中心', ['网络管理员', '系统工程师', '安全审计员']],
  ['办公室', ['主任', '文秘', '综合管理员']],
];
const AREAS = ['110105', '110108', '310104', '440304', '320106', '510107', '420106', '610113'];

function checkChar(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * weights[i], 0);
  return '10X98765432'[sum % 11];
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const day = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const addDays = (iso: string, n: number) => {
  const d = new Date(`${iso}T00:00:00`);
  d.setDate(d.getDate() + n);
  return day(d);
};
const TODAY = day(new Date());

type State = {
  operator: string | null;
  lang: Lang;
  people: Person[];
  audit: AuditEntry[];
  nextId: number;
};

const state: State = {
  operator: params.get('operator') === 'none' ? null : '王建国',
  lang: params.get('lang') === 'en' ? 'en' : 'zh-CN',
  people: [],
  audit: [],
  nextId: 1,
};

function samplePerson(i: number): PersonInput {
  const surname = SURNAMES[i % SURNAMES.length];
  const given = GIVEN[(i * 7 + Math.floor(i / SURNAMES.length)) % GIVEN.length] +
    (i % 3 === 0 ? GIVEN[(i * 13) % GIVEN.length] : '');
  const [unit, posts] = UNITS[i % UNITS.length];
  const level = ['core', 'important', 'important', 'important', 'general', 'general', 'general', 'general', 'general', 'general'][i % 10];
  const birth = new Date(1965 + (i % 35), (i * 5) % 12, 1 + (i % 28));
  const sexDigit = (i % 2 === 0 ? 1 : 2) + 2 * (i % 4);
  const first17 = `${AREAS[i % AREAS.length]}${birth.getFullYear()}${pad(birth.getMonth() + 1)}${pad(birth.getDate())}${pad(i % 100)}${sexDigit}`;
  return {
    name: surname + given,
    staff_no: `KY${pad(i + 1, 6)}`,
    id_number: first17 + checkChar(first17),
    sex: sexDigit % 2 === 1 ? 'male' : 'female',
    birth_date: day(birth),
    unit,
    post: posts[Math.floor(i / UNITS.length) % posts.length],
    level,
    start_date: addDays(TODAY, (i % 9) * 45 - 200),
    phone: `138${pad((i * 7919) % 100000000, 8)}`,
    notes: i % 11 === 0 ? '兼任保密员' : '',
  };
}

function mask(id: string): string {
  return '*'.repeat(Math.max(0, id.length - 4)) + id.slice(-4);
}

function fakeHash(): string {
  return Array.from({ length: 64 }, () => '0123456789abcdef'[Math.floor(Math.random() * 16)]).join('');
}

function record(action: string, entity: string, entityId: string, personId: number | null, old: unknown, next: unknown) {
  const prev = state.audit.at(-1);
  state.audit.push({
    seq: (state.audit.length + 1),
    at: new Date().toISOString().replace('Z', '123Z'),
    operator: state.operator ?? '',
    action,
    entity,
    entity_id: entityId,
    person_id: personId,
    old: old === null ? null : JSON.stringify(old),
    new: next === null ? null : JSON.stringify(next),
    prev_hash: prev?.hash ?? '0'.repeat(64),
    hash: fakeHash(),
  });
}

function auditView(p: Person) {
  const { level_history: _h, archived: _a, id: _i, ...rest } = p;
  return rest;
}

function insert(input: PersonInput, audit: boolean): Person {
  const id = state.nextId++;
  const person: Person = {
    id: asId(id),
    name: input.name.trim(),
    staff_no: input.staff_no.trim().toUpperCase(),
    id_number: input.id_number.trim().toUpperCase(),
    sex: input.sex,
    birth_date: input.birth_date,
    unit: input.unit.trim(),
    post: input.post.trim(),
    level: input.level,
    start_date: input.start_date ?? addDays(TODAY, 30),
    phone: input.phone.trim(),
    notes: input.notes.trim(),
    registered_on: TODAY,
    archived: null,
    level_history: [{ level: input.level, effective: TODAY, reason: '' }],
  };
  state.people.push(person);
  if (audit) record('person.add', 'person', String(id), id, null, auditView(person));
  return person;
}

function loadSample(count: number, audit: boolean): number {
  for (let i = 0; i < count; i++) insert(samplePerson(i), false);
  if (audit) record('sample.load', 'register', '', null, null, { people: count });
  return count;
}

const data = params.get('data') ?? 'sample';
if (data === 'sample') loadSample(60, true);
if (data === 'big') loadSample(200_000, true);
if (state.people.length > 3) {
  // Some history on the first person so the person page has something to show.
  const p = state.people[0];
  state.people[3].archived = { on: TODAY, reason: '调离本单位' };
  record('person.edit', 'person', '1', 1, { phone: '13800000000', post: '助理研究员' }, { phone: p.phone, post: p.post });
}

const MSG: Record<string, [string, string]> = {
  required: ['{field}不能为空', '{field} is required'],
  duplicate: ['人员编号 {value} 已被使用', 'Staff number {value} is already in use'],
  id_length: ['身份证号码应为 18 位(现为 {len} 位)', 'The ID number must have 18 characters (it has {len})'],
  not_found: ['找不到人员 “{value}”', 'No person "{value}"'],
};
const FIELD: Record<string, [string, string]> = {
  name: ['姓名', 'Name'], staff_no: ['人员编号', 'Staff number'], id_number: ['身份证号码', 'ID number'],
  unit: ['单位/部门', 'Unit'], level: ['涉密等级', 'Level'], reason: ['原因', 'Reason'],
  effective: ['生效日期', 'Effective date'], operator: ['操作员', 'Operator'],
};
function msg(code: string, p: Record<string, string | number> = {}): string {
  const pick = (pair: [string, string]) => (state.lang === 'zh-CN' ? pair[0] : pair[1]);
  let text = pick(MSG[code]);
  for (const [k, v] of Object.entries(p)) text = text.replace(`{${k}}`, k === 'field' ? pick(FIELD[String(v)]) : String(v));
  return text;
}
function fail(errors: FieldErrorView[]): never {
  const err: ApiError = { code: errors[0].code, message: errors.map((e) => e.message).join('; '), errors };
  throw err;
}
const required = (field: string): FieldErrorView => ({ field, code: 'required', message: msg('required', { field }) });

function check(input: PersonInput, self: number | null) {
  const errors: FieldErrorView[] = [];
  for (const f of ['name', 'staff_no', 'id_number', 'unit'] as const) if (!input[f].trim()) errors.push(required(f));
  if (self === null && !input.level) errors.push(required('level'));
  const id = input.id_number.trim();
  if (id && id.length !== 18) errors.push({ field: 'id_number', code: 'id_number.length', message: msg('id_length', { len: id.length }) });
  const staff = input.staff_no.trim().toUpperCase();
  if (staff && state.people.some((p) => p.staff_no === staff && num(p.id) !== self)) {
    errors.push({ field: 'staff_no', code: 'staff_no.duplicate', message: msg('duplicate', { value: staff }) });
  }
  if (errors.length) fail(errors);
}

function find(id: unknown): Person {
  const p = state.people.find((x) => num(x.id) === num(id));
  if (!p) fail([{ field: null, code: 'person.not_found', message: msg('not_found', { value: String(id) }) }]);
  return p;
}

function summary(p: Person): PersonSummary {
  return {
    id: p.id, name: p.name, staff_no: p.staff_no, id_number_masked: mask(p.id_number), unit: p.unit,
    post: p.post, level: p.level, start_date: p.start_date, archived: p.archived !== null,
  };
}

function changes(old: string | null, next: string | null): FieldChange[] {
  const o = old ? (JSON.parse(old) as Record<string, unknown>) : {};
  const n = next ? (JSON.parse(next) as Record<string, unknown>) : {};
  const shown = (v: unknown) => (v === null || v === undefined || v === '' ? null : typeof v === 'string' ? v : JSON.stringify(v));
  const keys = [...new Set([...Object.keys(o), ...Object.keys(n)])];
  return keys
    .filter((k) => JSON.stringify(o[k]) !== JSON.stringify(n[k]))
    .map((k) => ({ field: k, old: shown(o[k]), new: shown(n[k]) }));
}

function info(): AppInfo {
  return {
    operator: state.operator, lang: state.lang, levels: LEVELS, today: TODAY, version: '0.1.0 (mock)', dev: true,
    db_path: '/home/office/.local/share/org.clearance-tracker.dev/register.db',
  };
}

const collator = new Intl.Collator('zh-CN');
const LEVEL_RANK: Record<string, number> = { core: 0, important: 1, general: 2 };

function list(q: PeopleQuery) {
  const s = q.search.trim().toLowerCase();
  let rows = state.people.filter((p) =>
    (q.include_archived || !p.archived) &&
    (!q.level || p.level === q.level) &&
    (!q.unit || p.unit === q.unit) &&
    (!s || p.name.startsWith(s) || p.staff_no.toLowerCase().startsWith(s) || p.id_number.toLowerCase().startsWith(s)));
  const key = q.sort;
  const cmp = (a: Person, b: Person) =>
    key === 'level' ? LEVEL_RANK[a.level] - LEVEL_RANK[b.level]
      : key === 'name' ? collator.compare(a.name, b.name)
        : String(a[key]).localeCompare(String(b[key]));
  rows = rows.sort((a, b) => (q.descending ? -cmp(a, b) : cmp(a, b)) || num(a.id) - num(b.id));
  return { rows: rows.slice(q.offset, q.offset + q.limit).map(summary), total: rows.length };
}

type Handler = (args: Record<string, unknown>) => unknown;

const handlers: Record<string, Handler> = {
  app_info: () => info(),
  set_operator: ({ name }) => {
    const trimmed = String(name).trim();
    if (!trimmed) fail([{ field: 'name', code: 'required', message: msg('required', { field: 'operator' }) }]);
    const old = state.operator;
    state.operator = trimmed;
    record('operator.set', 'operator', '', null, { operator: old }, { operator: trimmed });
    return info();
  },
  set_language: ({ lang }) => {
    const old = state.lang;
    state.lang = lang as Lang;
    record('settings.language', 'settings', 'lang', null, { lang: old }, { lang });
    return info();
  },
  people_list: ({ query }) => list(query as PeopleQuery),
  units_list: () => [...new Set(state.people.map((p) => p.unit))].sort(),
  person_get: ({ id }) => {
    const person = find(id);
    const history = state.audit
      .filter((e) => num(e.person_id) === num(id))
      .reverse()
      .map((e) => ({ seq: e.seq, at: e.at, operator: e.operator, action: e.action, changes: changes(e.old, e.new) }));
    return { person, id_number_masked: mask(person.id_number), history };
  },
  person_add: ({ input }) => {
    check(input as PersonInput, null);
    return insert(input as PersonInput, true);
  },
  person_update: ({ id, input }) => {
    const p = find(id);
    const i = input as PersonInput;
    check(i, num(id));
    const before = auditView(p);
    Object.assign(p, {
      name: i.name.trim(), staff_no: i.staff_no.trim().toUpperCase(), id_number: i.id_number.trim(), sex: i.sex,
      birth_date: i.birth_date, unit: i.unit.trim(), post: i.post.trim(), start_date: i.start_date ?? p.start_date,
      phone: i.phone.trim(), notes: i.notes.trim(),
    });
    record('person.edit', 'person', String(id), num(id), before, auditView(p));
    return p;
  },
  person_set_level: ({ id, level, effective, reason }) => {
    const p = find(id);
    const errors: FieldErrorView[] = [];
    if (!effective) errors.push(required('effective'));
    if (!String(reason).trim()) errors.push(required('reason'));
    if (errors.length) fail(errors);
    const old = p.level;
    p.level = String(level);
    p.level_history.push({ level: String(level), effective: String(effective), reason: String(reason) });
    record('person.level', 'person', String(id), num(id), { level: old }, { level, effective, reason });
    return p;
  },
  person_archive: ({ id, reason }) => {
    const p = find(id);
    if (!String(reason).trim()) fail([required('reason')]);
    p.archived = { on: TODAY, reason: String(reason).trim() };
    record('person.archive', 'person', String(id), num(id), null, { reason });
    return p;
  },
  person_unarchive: ({ id }) => {
    const p = find(id);
    const old = p.archived;
    p.archived = null;
    record('person.unarchive', 'person', String(id), num(id), old, null);
    return p;
  },
  person_reveal_id: ({ id }) => find(id).id_number,
  audit_list: ({ offset, limit }) => {
    const newest = [...state.audit].reverse();
    return { entries: newest.slice(Number(offset), Number(offset) + Number(limit)), total: newest.length };
  },
  audit_verify: () => ({
    entries: state.audit.length,
    first_broken: params.get('tampered') ? Math.min(3, state.audit.length) : null,
  }),
  sample_load: () => loadSample(60, true),
};

export async function mockInvoke(command: string, args: Record<string, unknown>): Promise<unknown> {
  await new Promise((r) => setTimeout(r, 40 + Math.random() * 60));
  const handler = handlers[command];
  if (!handler) throw `command ${command} not found`;
  // Answers travel as JSON in the real app: copy so the screens cannot share objects with the store.
  return structuredClone(handler(args));
}
