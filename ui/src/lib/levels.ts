// How a level looks: its name in the current language and the colour of its badge.
// The levels themselves come from the policy (AppInfo.levels), most sensitive first.
import type { Lang } from '../bindings/Lang';
import type { LevelDef } from '../bindings/LevelDef';

export type LevelTone = 'high' | 'medium' | 'low' | 'neutral';

const KNOWN: Record<string, LevelTone> = { core: 'high', important: 'medium', general: 'low' };
const BY_RANK: LevelTone[] = ['high', 'medium', 'low'];

export function levelName(levels: readonly LevelDef[], id: string, lang: Lang): string {
  const def = levels.find((l) => l.id === id);
  if (!def) return id;
  return lang === 'zh-CN' ? def.name_zh : def.name_en;
}

/**
 * The default policy's ids have fixed colours; another policy's levels take them by rank
 * (most sensitive = red), and anything past the third is neutral.
 */
export function levelTone(levels: readonly LevelDef[], id: string): LevelTone {
  if (id in KNOWN) return KNOWN[id];
  const rank = levels.findIndex((l) => l.id === id);
  return BY_RANK[rank] ?? 'neutral';
}
