/**
 * Enter in a single-line field or a select submits the form it is in (a textarea keeps Enter
 * for new lines). Enter that confirms an input-method composition (pinyin → 汉字) does not.
 */
export function submitOnEnter(e: KeyboardEvent): void {
  if (e.key !== 'Enter' || e.isComposing || e.keyCode === 229) return;
  if (e.shiftKey || e.altKey || e.ctrlKey || e.metaKey) return;
  const target = e.target as HTMLElement | null;
  if (!target || !(target instanceof HTMLInputElement || target instanceof HTMLSelectElement)) return;
  if (target instanceof HTMLInputElement && ['checkbox', 'radio', 'button', 'submit'].includes(target.type)) return;
  const form = target.form;
  if (!form) return;
  e.preventDefault();
  form.requestSubmit();
}

/** The same, attached to a form: `<form {@attach enterSubmits}>`. */
export function enterSubmits(form: HTMLFormElement): () => void {
  form.addEventListener('keydown', submitOnEnter);
  return () => form.removeEventListener('keydown', submitOnEnter);
}
