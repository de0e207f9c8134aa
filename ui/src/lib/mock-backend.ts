// DEV ONLY: an in-memory stand-in for the Rust backend, so `vite --mode mock` can show every
// screen in a plain browser. api.ts imports it only when import.meta.env.MODE === 'mock'; the
// production build never contains it. It imitates the backend's answers, not its rules: the
// validation here is just enough to make the error display visible.
//
// URL switches (mock only): ?data=empty|sample|big  ?operator=none  ?lang=en  ?tampered=1  ?readonly=1
//   ?busy=N (the first N saves of a person are refused as if another clerk were writing)
//   ?backup=stale (the dashboard's backup warning)
import type { AppInfo } from '../bindings/AppInfo';
import type { BackupReport } from '../bindings/BackupReport';
import type { BackupSettings } from '../bindings/BackupSettings';
import type { ApiError } from '../bindings/ApiError';
import type { AuditLine } from '../bindings/AuditLine';
import type { ChangeLine } from '../bindings/ChangeLine';
import type { FieldErrorView } from '../bindings/FieldErrorView';
import type { Lang } from '../bindings/Lang';
import type { PeopleQuery } from '../bindings/PeopleQuery';
import type { Person } from '../bindings/Person';
import type { PhotoView } from '../bindings/PhotoView';
import type { PersonId } from '../bindings/PersonId';
import type { PersonInput } from '../bindings/PersonInput';
import type { PersonSummary } from '../bindings/PersonSummary';
import type { AckKind } from '../bindings/AckKind';
import type { DueState } from '../bindings/DueState';
import type { ReminderFilter } from '../bindings/ReminderFilter';
import type { ReminderKind } from '../bindings/ReminderKind';
import type { ReminderRow } from '../bindings/ReminderRow';
import { mockAccount, mockSessionHandlers, mockSessionInfo } from '../session/mock-session';
import { mockRegisterHandlers } from '../register/mock-register';
import termsEn from '../i18n/terms.en.json';
import termsZhCN from '../i18n/terms.zh-CN.json';

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

/** An entry as the trail stores it (codes and JSON); the screens get it in words (`inWords`). */
type StoredEntry = {
  seq: number;
  at: string;
  operator: string;
  action: string;
  entity: string;
  entity_id: string;
  person_id: number | null;
  old: string | null;
  new: string | null;
  hash: string;
};

type State = {
  operator: string | null;
  lang: Lang;
  people: Person[];
  audit: StoredEntry[];
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

/** The mock trail's head as the backend prints it (`#12·…`): a hash made from its length. */
function mockHead() {
  const seq = state.audit.length;
  const hex = (seq * 2654435761 + 0x3f9a12bc).toString(16).padStart(8, '0').slice(-8);
  const hash = (hex + 'd4e1a0b7').padEnd(64, '0');
  return { seq, hash, short: `#${seq}·${hash.slice(0, 8)}·${hash.slice(8, 16)}` };
}

function record(action: string, entity: string, entityId: string, personId: number | null, old: unknown, next: unknown) {
  state.audit.push({
    seq: (state.audit.length + 1),
    at: new Date().toISOString().replace('Z', '123Z'),
    operator: mockAccount(state.lang)?.name ?? state.operator ?? '',
    action,
    entity,
    entity_id: entityId,
    person_id: personId,
    old: old === null ? null : JSON.stringify(old),
    new: next === null ? null : JSON.stringify(next),
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
  if (audit) record('sample.histories', 'register', '', null, null, { people: count });
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
  // Editing keeps the stored ID number when none is typed (as the backend does).
  const needed = self === null ? (['name', 'staff_no', 'id_number', 'unit'] as const) : (['name', 'staff_no', 'unit'] as const);
  for (const f of needed) if (!input[f].trim()) errors.push(required(f));
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

/** The backend's words for a code, from the generated catalogue (the code itself when unknown). */
function term(key: string): string {
  const terms = (state.lang === 'zh-CN' ? termsZhCN : termsEn) as Record<string, string>;
  return terms[key] ?? key;
}

function changes(old: string | null, next: string | null): ChangeLine[] {
  const o = old ? (JSON.parse(old) as Record<string, unknown>) : {};
  const n = next ? (JSON.parse(next) as Record<string, unknown>) : {};
  const shown = (field: string, v: unknown): string | null => {
    if (v === null || v === undefined || v === '') return null;
    if (field === 'id_number') return mask(String(v));
    if (field === 'level') return LEVELS.find((l) => l.id === v)?.[state.lang === 'zh-CN' ? 'name_zh' : 'name_en'] ?? String(v);
    if (field === 'sex') return term(`sex.${String(v)}`);
    return String(v);
  };
  const keys = [...new Set([...Object.keys(o), ...Object.keys(n)])];
  return keys
    .filter((k) => JSON.stringify(o[k]) !== JSON.stringify(n[k]))
    .map((k) => ({ field: k, label: term(`field.${k}`), old: shown(k, o[k]), new: shown(k, n[k]) }));
}

/** An entry as the backend sends it: the action and the record in words, the changes labelled. */
function inWords(e: StoredEntry): AuditLine {
  const p = e.person_id === null ? undefined : state.people.find((x) => num(x.id) === e.person_id);
  const name = p ? (state.lang === 'zh-CN' ? `${p.name}(${p.staff_no})` : `${p.name} (${p.staff_no})`) : null;
  return {
    seq: e.seq, at: e.at, operator: e.operator, action: e.action, action_text: term(`action.${e.action}`),
    subject: name ?? term(`entity.${e.entity}`), record: null, trip_id: null,
    person_id: e.person_id === null ? null : asId(e.person_id),
    changes: changes(e.old, e.new), hash: e.hash,
  };
}

let keepInTray = false;

// Reminders: a few plausible obligations per person with due dates around today. The real engine
// derives them from the lifecycle records; this only fills the dashboard.
type MockObligation = { key: string; person: Person; kind: ReminderKind; zh: string; en: string; due: string; rule: string; cite: [string, string] };
const OBLIGATION_TEMPLATES: [ReminderKind, string, string, string, [string, string], number][] = [
  ['onboarding_step', '上岗前保密审查', 'Security review before start', 'onboarding.review', ['《保密法》第四十四条', 'Law on Guarding State Secrets, art. 44'], -12],
  ['recurring_training', '年度保密教育培训', 'Annual security training', 'on_duty.training', ['《保密法实施条例》第三十二条', 'Implementing Regulations, art. 32'], 9],
  ['re_review', '保密复审', 'Periodic re-review', 'on_duty.re_review', ['单位保密管理制度第 12 条', 'Unit rule 12'], -3],
  ['commitment_resign', '重新签订保密承诺书', 'Re-sign the commitment', 'on_duty.commitment', ['单位保密管理制度第 9 条', 'Unit rule 9'], 0],
  ['departure_step', '离岗保密提醒谈话', 'Departure reminder talk', 'departure.talk', ['《保密法》第四十六条', 'Law on Guarding State Secrets, art. 46'], 21],
  ['decommissioning_end', '脱密期届满', 'Decommissioning period ends', 'decommissioning.end', ['《涉密人员管理规定》第二十条', 'Classified Personnel Rules, art. 20'], 47],
];
const LEAD_DAYS = 30;
const acks = new Map<string, { kind: AckKind; by: string }>();

function obligations(): MockObligation[] {
  const out: MockObligation[] = [];
  state.people.forEach((p, i) => {
    if (p.archived) return;
    for (let j = 0; j < OBLIGATION_TEMPLATES.length; j++) {
      if ((i + j) % 4 !== 0) continue;
      const [kind, zh, en, rule, cite, offset] = OBLIGATION_TEMPLATES[j];
      if (doneKeys.has(`person:${num(p.id)}:${rule}`)) continue;
      out.push({ key: `person:${num(p.id)}:${rule}`, person: p, kind, zh, en, due: addDays(TODAY, offset + ((i * 11) % 40) - 8), rule, cite });
    }
  });
  return out;
}

function dueState(due: string): [DueState, number] | null {
  const late = Math.round((new Date(`${TODAY}T00:00:00Z`).getTime() - new Date(`${due}T00:00:00Z`).getTime()) / 86_400_000);
  if (late > 0) return ['overdue', late];
  if (late === 0) return ['due', 0];
  return -late <= LEAD_DAYS ? ['upcoming', 0] : null;
}

function reminderRow(o: MockObligation, st: DueState, late: number): ReminderRow {
  const ack = acks.get(o.key);
  return {
    id: o.key, handle: o.key.slice(-6).toUpperCase(), person_id: o.person.id, staff_no: o.person.staff_no, name: o.person.name, unit: o.person.unit, kind: o.kind,
    subject: { type: 'person', id: o.person.id }, what_zh: o.zh, what_en: o.en, due_date: o.due, state: st,
    days_overdue: late, rule_id: o.rule, citation: { zh: o.cite[0], en: o.cite[1] }, beyond_calendar: false,
    snoozed_until: null, ack: ack?.kind ?? null, ack_by: ack?.by ?? null,
    offers: [
      ...(o.kind === 'onboarding_step' || o.kind === 'departure_step' ? [{ action: { action: 'record_step' as const, step_id: o.rule }, blocked: null }] : []),
      { action: { action: 'open', subject: { type: 'person', id: o.person.id } }, blocked: null },
      { action: { action: 'acknowledge' }, blocked: null },
      { action: { action: 'snooze' }, blocked: null },
    ],
  };
}

/** Reminders recorded done in the mock (the real engine finds them done in the records). */
const doneKeys = new Set<string>();

/** One person's reminders of one stage together, as the Rust side groups them (by first appearance). */
function mockGroupKey(r: ReminderRow): string {
  return `person:${num(r.person_id)}:${r.rule_id.split('.')[0]}`;
}

/** The first `limit` rows and the rest of every group begun among them, as the backend pages. */
function mockPage(rows: ReminderRow[], limit: number | null | undefined): ReminderRow[] {
  if (limit === null || limit === undefined || limit >= rows.length) return rows;
  const begun = new Set(rows.slice(0, limit).map(mockGroupKey));
  return rows.filter((r, i) => i < limit || begun.has(mockGroupKey(r)));
}

function mockGroups(rows: ReminderRow[]) {
  const groups: { key: string; person_id: ReminderRow['person_id']; staff_no: string; name: string; unit: string; state: DueState; kind: ReminderKind; items: number[] }[] = [];
  const index = new Map<string, number>();
  rows.forEach((r, i) => {
    const key = mockGroupKey(r);
    let at = index.get(key);
    if (at === undefined) {
      at = groups.length;
      index.set(key, at);
      groups.push({ key, person_id: r.person_id, staff_no: r.staff_no, name: r.name, unit: r.unit, state: r.state, kind: r.kind, items: [] });
    }
    groups[at].items.push(i);
  });
  return groups;
}

function held(key: string): boolean {
  const a = acks.get(key);
  return !!a && (a.kind.type === 'acknowledged' || (a.kind.type === 'snoozed' && a.kind.until > TODAY));
}

function board(asOf: string | null, filter: ReminderFilter) {
  const STATE_RANK: Record<DueState, number> = { overdue: 0, due: 1, upcoming: 2 };
  const all = obligations();
  const open = all.flatMap((o) => {
    const s = dueState(o.due);
    return s ? [reminderRow(o, s[0], s[1])] : [];
  });
  open.sort((a, b) => STATE_RANK[a.state] - STATE_RANK[b.state] || Number(b.days_overdue) - Number(a.days_overdue) || a.due_date.localeCompare(b.due_date));
  const shown = open.filter((r) => !held(r.id));
  const matches = (r: ReminderRow) =>
    (!filter.state || r.state === filter.state) && (!filter.unit || r.unit === filter.unit) && (!filter.kind || r.kind === filter.kind);
  const counts = { upcoming: 0, due: 0, overdue: 0 };
  const kinds = new Map<ReminderKind, typeof counts>();
  const units = new Map<string, typeof counts>();
  for (const r of shown) {
    counts[r.state]++;
    if (!kinds.has(r.kind)) kinds.set(r.kind, { upcoming: 0, due: 0, overdue: 0 });
    kinds.get(r.kind)![r.state]++;
    if (!units.has(r.unit)) units.set(r.unit, { upcoming: 0, due: 0, overdue: 0 });
    units.get(r.unit)![r.state]++;
  }
  const horizon = addDays(TODAY, 90);
  const dated = all
    .filter((o) => o.due >= TODAY && o.due <= horizon)
    .sort((a, b) => a.due.localeCompare(b.due))
    .map((o) => reminderRow(o, dueState(o.due)?.[0] ?? 'upcoming', 0))
    .filter((r) => (!filter.unit || r.unit === filter.unit) && (!filter.kind || r.kind === filter.kind));
  // Every day's count, and at most 8 items a day (CALENDAR_ITEMS_PER_DAY).
  const perDay = new Map<string, number>();
  const calendar = dated.filter((r) => {
    const n = (perDay.get(r.due_date) ?? 0) + 1;
    perDay.set(r.due_date, n);
    return n <= 8;
  });
  const calendar_days = Array.from({ length: 91 }, (_, i) => addDays(TODAY, i)).map((date) => ({ date, count: perDay.get(date) ?? 0 }));
  const listed = shown.filter(matches);
  const page = mockPage(listed, filter.limit);
  return {
    as_of: asOf ?? TODAY,
    summary: {
      counts,
      by_kind: OBLIGATION_TEMPLATES.map((t) => t[0]).filter((k) => kinds.has(k)).map((kind) => ({ kind, counts: kinds.get(kind)! })),
      by_unit: [...units.entries()].sort().map(([unit, c]) => ({ unit, counts: c })),
      earliest_due: shown.reduce<string | null>((e, r) => (e === null || r.due_date < e ? r.due_date : e), null),
    },
    rows: page,
    total_rows: listed.length,
    groups: mockGroups(page),
    acknowledged: open.filter((r) => held(r.id)).filter(matches),
    calendar,
    calendar_days,
    units: [...new Set(state.people.filter((p) => !p.archived).map((p) => p.unit))].sort(),
  };
}

function ackOne(id: unknown, kind: AckKind): ReminderRow {
  const o = obligations().find((x) => x.key === id);
  if (!o) fail([{ field: null, code: 'reminder.not_found', message: `No reminder ${String(id)}` }]);
  acks.set(o.key, { kind, by: state.operator ?? '' });
  record(kind.type === 'acknowledged' ? 'reminder.acknowledge' : 'reminder.snooze', 'reminder', o.key, num(o.person.id), null, kind);
  const s = dueState(o.due) ?? ['upcoming', 0];
  return reminderRow(o, s[0], s[1]);
}

// The Rust rules' limits (src-tauri/domain/src/limits.rs, INPUT_LIMITS), as app_info sends them.
const LIMITS: AppInfo['limits'] = {
  text: {
    name: 100, staff_no: 40, id_number: 40, unit: 200, post: 200, phone: 40, notes: 4000,
    operator: 100, approver: 100, counterpart: 100, received_by: 100,
    office_name: 200, office_name_en: 200, receiving_organisation: 200,
    reason: 1000, override_reason: 1000, note: 4000, summary: 4000, personnel_opinion: 2000, secrecy_office_opinion: 2000,
    topic: 200, category: 100, kind: 200, action_taken: 4000, item: 200, classification: 40, item_number: 100,
    purpose: 500, location: 200, number: 40,
  },
  min_year: 1900,
  max_year: 2100,
  min_session_hours: 1,
  max_session_hours: 24,
};

function info(): AppInfo {
  return {
    keep_in_tray: keepInTray, read_only: params.get('readonly') === '1', limits: LIMITS,
    operator: state.operator, lang: state.lang, levels: LEVELS, today: TODAY, version: '0.1.0 (mock)', dev: true,
    db_path: '/home/office/.local/share/org.clearance-tracker.dev/register.db',
    backup_warning: params.get('backup') === 'stale' ? MOCK_STALE[state.lang] : null,
    needs_setup: state.operator === null && params.get('readonly') !== '1',
    // Issue 14: who signed in, what the role allows, the idle lock (session/mock-session.ts).
    ...mockSessionInfo(state.lang),
  } as AppInfo;
}

// Backups in the mock: what Settings shows; a backup "taken" now; a restore only says it did.
const MOCK_STALE: Record<Lang, string> = {
  'zh-CN': '登记册已 9 天未备份(最近一次备份于 2026-11-18)。请在“设置 → 备份与恢复”中立即备份',
  en: 'The register has not been backed up for 9 days (last backup 2026-11-18). Back it up now in Settings → Backup and restore',
};
const mockPhotos = new Map<number, PhotoView>();
const BACKUP_FOLDER = '/home/office/.local/share/org.clearance-tracker.dev/backups';
let backupKeep = 14;
let backupFolder: string | null = null;
let lastBackup: BackupReport | null = null;

function backupSettings(): BackupSettings {
  return {
    folder: backupFolder ?? BACKUP_FOLDER, default_folder: BACKUP_FOLDER, custom_folder: backupFolder !== null,
    keep: backupKeep, keep_min: 1, keep_max: 365, last_ok_at: lastBackup?.taken_at ?? null, warning: info().backup_warning,
    last: lastBackup && { at: lastBackup.taken_at, path: lastBackup.path, ok: true, automatic: false, failure: null, chain_head: lastBackup.chain_head },
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
        // The mock keeps no lifecycle projection: stage and next due leave the order by id.
        : key === 'stage' || key === 'next_due' ? 0
          : String(a[key]).localeCompare(String(b[key]));
  rows = rows.sort((a, b) => (q.descending ? -cmp(a, b) : cmp(a, b)) || num(a.id) - num(b.id));
  return { rows: rows.slice(q.offset, q.offset + q.limit).map(summary), total: rows.length, total_exact: true };
}

type Handler = (args: Record<string, unknown>) => unknown;

const MOCK_COUNTRIES = [
  { code: 'HK', name_zh: '中国香港', name_en: 'Hong Kong, China' },
  { code: 'JP', name_zh: '日本', name_en: 'Japan' },
  { code: 'KR', name_zh: '韩国', name_en: 'South Korea' },
  { code: 'US', name_zh: '美国', name_en: 'United States' },
];

const handlers: Record<string, Handler> = {
  app_info: () => info(),
  set_operator: ({ name }) => {
    const trimmed = String(name).trim();
    if (!trimmed) fail([{ field: 'name', code: 'required', message: msg('required', { field: 'operator' }) }]);
    const old = state.operator;
    state.operator = trimmed;
    record('settings.operator', 'setting', 'operator', null, { operator: old }, { operator: trimmed });
    return info();
  },
  // First start (?operator=none): the office, the operator, the policy, the print language.
  setup_options: () => ({
    office_name: '', office_name_en: '', operator: state.operator ?? '', policy: 'prc-2024',
    policies: [
      { id: 'prc-2024', name_zh: '中华人民共和国涉密人员管理(2024)', name_en: 'PRC cleared personnel (2024)' },
      { id: 'us-nispom', name_zh: '美国 NISPOM', name_en: 'US NISPOM' },
    ],
    form_language: state.lang,
  }),
  setup_first_start: ({ input }) => {
    const i = input as { office_name: string; operator: string };
    const errors: FieldErrorView[] = [];
    if (!String(i.office_name).trim()) errors.push({ field: 'office_name', code: 'required', message: msg('required', { field: 'office_name' }) });
    if (!String(i.operator).trim()) errors.push({ field: 'operator', code: 'operator.required', message: msg('required', { field: 'operator' }) });
    if (errors.length) fail(errors);
    state.operator = String(i.operator).trim();
    record('settings.operator', 'setting', 'operator', null, { operator: null }, { operator: state.operator });
    return info();
  },
  set_language: ({ lang }) => {
    const old = state.lang;
    state.lang = lang as Lang;
    record('settings.language', 'setting', 'language', null, { language: old }, { language: lang });
    return info();
  },
  people_list: ({ query }) => list(query as PeopleQuery),
  // The pickers (a few countries only; dates in the usual forms).
  countries_suggest: ({ query }) => MOCK_COUNTRIES.filter((c) => String(query).trim() !== '' && [c.code, c.name_zh, c.name_en].some((n) => n.toLowerCase().includes(String(query).trim().toLowerCase()))),
  country_resolve: ({ text }) => {
    const q = String(text).trim().toLowerCase();
    const c = MOCK_COUNTRIES.find((x) => [x.code, x.name_zh, x.name_zh.replace(/^中国/, ''), x.name_en].some((n) => n.toLowerCase() === q));
    if (!c) fail([{ field: 'destinations', code: 'country.unknown', message: `Unknown country or region "${String(text)}"` }]);
    return c;
  },
  date_read: ({ field, text }) => {
    const m = /^\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?\s*$/.exec(String(text).replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)));
    const iso = m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : '';
    if (!m || Number.isNaN(Date.parse(iso))) fail([{ field: String(field), code: 'date.format', message: `"${String(text)}" is not a date: write it as 2024-03-01` }]);
    return iso;
  },
  people_pick: ({ query }) => list({ ...(query as PeopleQuery), offset: 0, limit: 2000 }).rows,
  training_sessions: () => ({ rows: [], total: 0 }),
  units_list: () => [...new Set(state.people.map((p) => p.unit))].sort(),
  person_get: ({ id }) => {
    const person = find(id);
    const history = state.audit
      .filter((e) => num(e.person_id) === num(id))
      .reverse()
      .map(inWords);
    return { person: { ...person, id_number: mask(person.id_number) }, history, version: 1 };
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
      name: i.name.trim(), staff_no: i.staff_no.trim().toUpperCase(), id_number: i.id_number.trim() || p.id_number, sex: i.sex,
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
  person_reveal_id: ({ id }) => {
    record('person.reveal_id', 'person', String(id), num(id), null, null);
    return find(id).id_number;
  },
  // A person's photo (issue 13): the mock keeps a drawn silhouette for whoever was given one.
  person_photo_get: ({ id }) => (find(id), mockPhotos.get(num(id)) ?? null),
  person_photo_set: ({ id, path }) => {
    find(id);
    if (!/\.(jpe?g|png)$/i.test(String(path))) {
      const message = state.lang === 'zh-CN'
        ? `${String(path)} 不是 JPEG 或 PNG 图片,未作任何更改。照片只接受 JPEG(.jpg)或 PNG(.png)文件`
        : `${String(path)} is not a JPEG or PNG picture; nothing was changed. A photo must be a JPEG (.jpg) or PNG (.png) file`;
      fail([{ field: 'photo', code: 'photo.type', message }]);
    }
    const old = mockPhotos.get(num(id));
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 295 413"><rect width="295" height="413" fill="#c8d7eb"/>`
      + `<ellipse cx="147" cy="160" rx="70" ry="90" fill="#3c465a"/><rect x="17" y="290" width="261" height="123" rx="40" fill="#3c465a"/></svg>`;
    const photo = { data_url: `data:image/svg+xml;base64,${btoa(svg)}`, width: 295, height: 413, bytes: 31744, updated_at: new Date().toISOString() };
    mockPhotos.set(num(id), photo);
    const fields = { width: 295, height: 413, bytes: 31744, sha256: '7d1e'.repeat(16) };
    record(old ? 'person.photo_replace' : 'person.photo_set', 'person', String(id), num(id), old ? { photo: fields } : null,
      { photo: fields, source_file: String(path).split('/').pop() ?? '', source_size: '3024 × 4032' });
    return photo;
  },
  person_photo_remove: ({ id }) => {
    find(id);
    if (!mockPhotos.has(num(id))) fail([{ field: 'photo', code: 'photo.none', message: state.lang === 'zh-CN' ? '该人员没有照片' : 'This person has no photo' }]);
    mockPhotos.delete(num(id));
    record('person.photo_remove', 'person', String(id), num(id), { photo: { width: 295, height: 413 } }, { photo: null });
    return null;
  },
  audit_list: ({ offset, limit }) => {
    const newest = [...state.audit].reverse();
    return { entries: newest.slice(Number(offset), Number(offset) + Number(limit)).map(inWords), total: newest.length };
  },
  audit_search: ({ filter, offset, limit }) => {
    const f = filter as { person: number | null; operator: string | null; actions: string[]; from: string; to: string };
    const day = (at: string) => at.slice(0, 10);
    const newest = [...state.audit].reverse().filter((e) =>
      (f.person === null || e.person_id === num(f.person)) &&
      (!f.operator || e.operator === f.operator) &&
      (f.actions.length === 0 || f.actions.includes(e.action)) &&
      (!f.from || day(e.at) >= f.from) &&
      (!f.to || day(e.at) <= f.to));
    return { entries: newest.slice(Number(offset), Number(offset) + Number(limit)).map(inWords), total: newest.length };
  },
  audit_entry: ({ seq }) => {
    const e = state.audit.find((x) => x.seq === Number(seq));
    if (!e) fail([{ field: null, code: 'audit.no_entry', message: String(seq) }]);
    const prev = state.audit.find((x) => x.seq === Number(seq) - 1);
    return { line: inWords(e as StoredEntry), prev_hash: prev ? prev.hash : '0'.repeat(64), total: state.audit.length, link_intact: true };
  },
  audit_operators: () => [...new Set(state.audit.map((e) => e.operator))].sort(),
  // The trail replay: `?replay=differs` shows one difference, as a direct edit of a level would.
  audit_replay: () => {
    const differs = params.get('replay') === 'differs';
    return {
      matches: !differs,
      total: differs ? 1 : 0,
      differences: differs
        ? [{ person_id: 1, person: '张三(S0001)', record: null, field: '涉密等级', field_code: 'level', kind: 'changed',
          table: '一般', trail: '核心', seq: 1 }]
        : [],
      unchecked: [],
      unchecked_groups: [],
      entries: state.audit.length,
      records: state.people.length,
      elapsed_ms: 3,
    };
  },
  audit_verify: () => ({
    entries: state.audit.length,
    first_broken: params.get('tampered') ? Math.min(3, state.audit.length) : null,
  }),
  audit_head: () => mockHead(),
  audit_check: ({ head }) => {
    const broken = params.get('tampered') ? Math.min(3, state.audit.length) : null;
    const now = mockHead();
    const printed = head ? String(head) : null;
    const matches = printed === null || printed.replace(/[^0-9a-f#]/gi, '').toLowerCase() === now.short.replace(/[^0-9a-f#]/gi, '');
    const intact = broken === null && matches;
    const findings = [
      ...(broken !== null ? [{ fault: true, text: `Audit entry ${broken} was altered or removed` }] : []),
      ...(printed !== null && !matches ? [{ fault: true, text: `The entry printed on a form (${printed}) no longer matches: the trail was rewritten at or before it` }] : []),
      { fault: !intact, text: intact ? `The audit chain is intact: ${state.audit.length} entries, the newest ${now.short}` : 'The audit chain check failed' },
      ...(printed !== null && matches ? [{ fault: false, text: `Matches the printed head ${now.short}` }] : []),
    ];
    return {
      entries: state.audit.length,
      first_broken: broken,
      intact,
      head: now,
      emptied: false,
      signed_from: state.audit.length ? 1 : null,
      signature_fault: null,
      key_fingerprint: '3F9A-12BC-D4E1-A0B7',
      printed: printed === null ? null : { head: printed, seq: now.seq, outcome: matches ? 'matches' : 'rewritten' },
      findings,
    };
  },
  register_check: ({ full }) => ({ ok: true, full: Boolean(full), message: '', problems: [] }),
  sample_load: () => loadSample(60, true),
  backup_settings_get: () => backupSettings(),
  backup_settings_set: ({ folder, keep }) => {
    backupFolder = folder ? String(folder) : null;
    backupKeep = Number(keep);
    record('settings.backup', 'setting', 'backup_keep', null, null, { backup_keep: String(keep) });
    return backupSettings();
  },
  backup_now: ({ path }) => {
    const at = new Date().toISOString();
    const file = `${path ? String(path) : backupFolder ?? BACKUP_FOLDER}/register-backup-${TODAY.replaceAll('-', '')}.db`;
    lastBackup = {
      path: file, sha256: '9f2c'.repeat(16), bytes: 352256, people: state.people.length, audit_entries: 0, scans: 0, chain_head: mockHead().short,
      schema: 20261127000006, automatic: false, taken_at: at, removed: [],
      message: state.lang === 'zh-CN' ? `已备份到 ${file}(完整性检查与审计链校验均已通过)` : `Backed up to ${file} (its integrity check and audit chain verified)`,
    };
    record('register.backup', 'register', '', null, null, { path: file });
    return lastBackup;
  },
  backup_restore: ({ path }) => ({
    from: String(path), sha256: '9f2c'.repeat(16), taken_at: null, kept_as: `${BACKUP_FOLDER}/../register.db.before-restore`,
    schema: 20261127000006, migrated: [], people: state.people.length, scans: 0,
    message: state.lang === 'zh-CN' ? `已从 ${String(path)} 恢复登记册` : `The register was restored from ${String(path)}`,
  }),
  set_keep_in_tray: ({ on }) => {
    keepInTray = Boolean(on);
    record('settings.keep_in_tray', 'setting', 'keep_in_tray', null, null, { on: keepInTray });
    return info();
  },
  reminders_board: ({ asOf, filter }) => board((asOf as string | null) ?? null, filter as ReminderFilter),
  reminder_ack: ({ id, note }) => {
    const text = String(note).trim();
    if (!text) fail([{ field: 'note', code: 'required', message: state.lang === 'zh-CN' ? '说明不能为空' : 'Note is required' }]);
    return ackOne(id, { type: 'acknowledged', note: text });
  },
  reminder_snooze: ({ id, until }) => {
    if (!until || String(until) <= TODAY) {
      fail([{ field: 'until', code: 'reminder.snooze_not_after_today', message: state.lang === 'zh-CN' ? `暂缓日期须晚于今天(${TODAY})` : `Snooze until a day after today (${TODAY})` }]);
    }
    return ackOne(id, { type: 'snoozed', until: String(until) });
  },
  reminders_record_done: ({ ids }) => {
    const keys = (ids as string[]).filter((id) => obligations().some((o) => o.key === id));
    for (const k of keys) doneKeys.add(k);
    return { done: keys, people: new Set(keys.map((k) => k.split(':')[1])).size };
  },
  reminder_unack: ({ id }) => {
    const row = ackOne(id, { type: 'cancelled' });
    acks.delete(String(id));
    return row;
  },
  reminders_ics_save: ({ path }) => {
    const name = `clearance-reminders-${TODAY}.ics`;
    const p = path ? String(path) : '/home/office/Documents';
    return p.endsWith('.ics') ? p : `${p.replace(/\/$/, '')}/${name}`;
  },
  // The system's file dialogs: the mock answers as if the clerk chose a file in Documents.
  choose_file: ({ purpose, mode, suggestedName }) => {
    const dir = '/home/office/Documents';
    if (mode === 'folder') return `${dir}/${String(purpose)}`;
    if (mode === 'save') return `${dir}/${suggestedName ? String(suggestedName) : 'file'}`;
    const sample: Record<string, string> = {
      roster: 'roster.xlsx', policy: 'policy.toml', template: 'review.typ', backup: 'register-backup.db',
      scan: 'scan.pdf', photo: 'photo.jpg',
    };
    return `${dir}/${sample[String(purpose)] ?? 'file'}`;
  },
  open_in_viewer: () => null,
  print_file: () => {
    const message = state.lang === 'zh-CN'
      ? '本机未设置打印(没有 CUPS 打印服务或默认打印机)。可在 PDF 查看器中打开文件后打印'
      : 'Printing is not set up on this computer (no CUPS print service or default printer). Open the file in the PDF viewer and print it from there';
    throw { code: 'print.not_set_up', message, errors: [] } satisfies ApiError;
  },
  form_template_export: ({ path }) => String(path),
  export_list: ({ request, format, includeIdNumbers, path }) => {
    const list = (request as { list: string }).list;
    const name = `${list}-${TODAY}.${String(format)}`;
    const p = path ? String(path) : '/home/office/Documents';
    const rows = list === 'people' ? state.people.length : 3;
    return { path: /\.(xlsx|csv)$/i.test(p) ? p : `${p.replace(/\/$/, '')}/${name}`, list, format, rows, id_numbers: Boolean(includeIdNumbers) };
  },
};

let busyLeft = Number(params.get('busy') ?? 0);

Object.assign(
  handlers,
  mockSessionHandlers(
    {
      lang: () => state.lang,
      record: (action, entityId, old, next) => record(action, 'account', entityId, null, old, next),
    },
    info,
  ),
);

Object.assign(handlers, mockRegisterHandlers(() => state.lang));

export async function mockInvoke(command: string, args: Record<string, unknown>): Promise<unknown> {
  await new Promise((r) => setTimeout(r, 40 + Math.random() * 60));
  if ((command === 'person_add' || command === 'person_update') && busyLeft > 0) {
    busyLeft -= 1;
    const message = state.lang === 'en'
      ? 'Another clerk is writing to the register: wait a moment and try again. Nothing was changed'
      : '另一位操作员正在写入登记册,请稍候片刻再试。本次未作任何更改';
    throw { code: 'store.busy', message, errors: [] } satisfies ApiError;
  }
  const handler = handlers[command];
  if (!handler) throw `command ${command} not found`;
  // Answers travel as JSON in the real app: copy so the screens cannot share objects with the store.
  return structuredClone(await handler(args));
}
