import { tick } from 'svelte';

/** After a refusal, puts the cursor in the first field the backend complained about. */
export async function focusFirstInvalid(root: HTMLElement | undefined): Promise<void> {
  await tick();
  root?.querySelector<HTMLElement>('.invalid')?.focus();
}
