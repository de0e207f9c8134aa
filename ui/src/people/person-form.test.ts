import { describe, expect, it } from 'vitest';
import type { Person } from '../bindings/Person';
import { emptyForm, formFromPerson, shortMask, toInput } from './person-form';

describe('person form', () => {
  it('sends blank optional fields as null and text as typed', () => {
    const input = toInput({ ...emptyForm(), name: ' 张伟 ', staff_no: 'ky001', level: 'core' });
    expect(input).toEqual({
      name: ' 张伟 ', staff_no: 'ky001', id_number: '', sex: null, birth_date: null, unit: '', post: '',
      level: 'core', start_date: null, phone: '', notes: '',
    });
  });

  it('round-trips a person for editing, the ID number left empty (kept unless retyped)', () => {
    const person = {
      id: 7 as unknown as Person['id'], name: '李娜', staff_no: 'KY007', id_number: '**************002X',
      sex: 'female', birth_date: '1949-12-31', unit: '机要室', post: '机要员', level: 'important',
      start_date: '2026-01-05', phone: '', notes: '', registered_on: '2025-12-01', archived: null, level_history: [],
    } satisfies Person;
    const input = toInput(formFromPerson(person));
    expect(input).toMatchObject({ sex: 'female', birth_date: '1949-12-31', start_date: '2026-01-05', level: 'important' });
    expect(input.id_number).toBe('');
  });

  it('shortens a masked ID number for the hint', () => {
    expect(shortMask('**************1238')).toBe('****1238');
    expect(shortMask('**1238')).toBe('**1238');
    expect(shortMask('')).toBe('');
  });
});
