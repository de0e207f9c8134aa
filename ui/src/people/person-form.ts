// The add/edit dialog's fields as typed, and the PersonInput the backend checks. No rule is
// checked here: blank optional fields become null and the backend decides the rest.
import type { Person } from '../bindings/Person';
import type { PersonInput } from '../bindings/PersonInput';
import type { Sex } from '../bindings/Sex';

export type PersonForm = {
  name: string;
  staff_no: string;
  id_number: string;
  sex: '' | Sex;
  birth_date: string;
  unit: string;
  post: string;
  level: string;
  start_date: string;
  phone: string;
  notes: string;
};

/** "**************1238" → "****1238": the masked number short enough for a hint. */
export function shortMask(masked: string): string {
  return masked.replace(/\*{5,}/, '****');
}

/** The fields the dialog shows, in order: where a refusal's message can be placed. */
export const PERSON_FIELDS = [
  'name', 'staff_no', 'id_number', 'sex', 'birth_date', 'unit', 'post', 'level', 'start_date', 'phone', 'notes',
] as const;

export function emptyForm(): PersonForm {
  return {
    name: '', staff_no: '', id_number: '', sex: '', birth_date: '', unit: '', post: '', level: '',
    start_date: '', phone: '', notes: '',
  };
}

/**
 * The edit dialog's fields. The ID number starts empty: the window only ever has it masked, and
 * an empty one on save keeps the stored number (the backend's rule); typing one replaces it.
 */
export function formFromPerson(p: Person): PersonForm {
  return {
    name: p.name,
    staff_no: p.staff_no,
    id_number: '',
    sex: p.sex ?? '',
    birth_date: p.birth_date ?? '',
    unit: p.unit,
    post: p.post,
    level: p.level,
    start_date: p.start_date,
    phone: p.phone,
    notes: p.notes,
  };
}

export function toInput(f: PersonForm): PersonInput {
  const orNull = (s: string) => (s.trim() === '' ? null : s.trim());
  return {
    name: f.name,
    staff_no: f.staff_no,
    id_number: f.id_number,
    sex: f.sex === '' ? null : f.sex,
    birth_date: orNull(f.birth_date),
    unit: f.unit,
    post: f.post,
    level: f.level,
    start_date: orNull(f.start_date),
    phone: f.phone,
    notes: f.notes,
  };
}
