// Whether some command is waiting for another clerk to finish writing to the register (see
// retry.ts). Several calls may wait at once; the window shows one status while any does.
let waiting = $state(0);

export const registerBusy = {
  get waiting(): boolean {
    return waiting > 0;
  },
};

export function setWaiting(on: boolean): void {
  waiting = Math.max(0, waiting + (on ? 1 : -1));
}
