// The destinations a trip can name (ISO codes with zh-CN and English names), loaded once.
import type { Country } from '../bindings/Country';
import { api } from '../lib/api';

let list = $state<Country[]>([]);
let loading: Promise<void> | null = null;

export const countries = {
  get all(): Country[] {
    return list;
  },
  load(): Promise<void> {
    loading ??= api.countriesList().then(
      (c) => {
        list = c;
      },
      () => {
        loading = null;
      },
    );
    return loading;
  },
};
