// The screens of the window and the sidebar's entries. Adding a screen: a route in
// lib/router.svelte.ts, a component here, and (for a top-level one) a NAV entry.
import type { Component } from 'svelte';
import type { MessageKey } from '../i18n/i18n.svelte';
import type { IconName } from '../lib/icons';
import type { Route, ScreenName } from '../lib/router.svelte';
import AuditScreen from '../audit/AuditScreen.svelte';
import DashboardScreen from '../dashboard/DashboardScreen.svelte';
import FormsScreen from '../forms/FormsScreen.svelte';
import ImportScreen from '../import/ImportScreen.svelte';
import PeopleScreen from '../people/PeopleScreen.svelte';
import PersonPage from '../people/PersonPage.svelte';
import SettingsScreen from '../settings/SettingsScreen.svelte';
import TrainingScreen from '../training/TrainingScreen.svelte';
import TravelScreen from '../travel/TravelScreen.svelte';
import TripPage from '../travel/TripPage.svelte';

/** What a screen's component receives: its route without the screen name. */
export type ScreenProps<N extends ScreenName> = Omit<Extract<Route, { screen: N }>, 'screen'>;

export const SCREENS: { [N in ScreenName]: Component<ScreenProps<N>> } = {
  dashboard: DashboardScreen,
  people: PeopleScreen,
  import: ImportScreen,
  person: PersonPage,
  audit: AuditScreen,
  training: TrainingScreen,
  forms: FormsScreen,
  travel: TravelScreen,
  trip: TripPage,
  settings: SettingsScreen,
};

export type NavItem = {
  route: Route;
  label: MessageKey;
  icon: IconName;
  testid: string;
  /** The screens under this entry: it stays highlighted on them. */
  owns: ScreenName[];
};

export const NAV: NavItem[] = [
  { route: { screen: 'dashboard' }, label: 'nav.dashboard', icon: 'bell', testid: 'nav-dashboard', owns: ['dashboard'] },
  { route: { screen: 'people' }, label: 'nav.people', icon: 'users', testid: 'nav-people', owns: ['people', 'person', 'import'] },
  { route: { screen: 'travel' }, label: 'nav.travel', icon: 'globe', testid: 'nav-travel', owns: ['travel', 'trip'] },
  { route: { screen: 'forms' }, label: 'nav.forms', icon: 'fileText', testid: 'nav-forms', owns: ['forms'] },
  { route: { screen: 'training' }, label: 'nav.training', icon: 'book', testid: 'nav-training', owns: ['training'] },
  { route: { screen: 'audit' }, label: 'nav.audit', icon: 'shield', testid: 'nav-audit', owns: ['audit'] },
  { route: { screen: 'settings' }, label: 'nav.settings', icon: 'settings', testid: 'nav-settings', owns: ['settings'] },
];
