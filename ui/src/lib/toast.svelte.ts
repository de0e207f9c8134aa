// Short notices that something was done ("张三 added"), shown at the foot of the window for a
// few seconds whatever screen comes next. Any screen may say one: `toast(t('…'))`.

export type Toast = { id: number; text: string; kind: 'success' | 'info' };

let shown = $state<Toast[]>([]);
let next = 1;

/** How long a notice stays (ms). */
const STAY = 5000;

export const toasts = {
  get all(): Toast[] {
    return shown;
  },
  dismiss(id: number): void {
    shown = shown.filter((t) => t.id !== id);
  },
};

export function toast(text: string, kind: Toast['kind'] = 'success'): void {
  const id = next++;
  shown = [...shown.slice(-2), { id, text, kind }];
  setTimeout(() => toasts.dismiss(id), STAY);
}
