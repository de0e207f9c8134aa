// Which screen the window shows. An in-memory route, no URL: a desktop window has no address
// bar. To add a screen: add its route here and its entry in shell/screens.ts.
import type { PersonId } from '../bindings/PersonId';
import type { TripId } from '../bindings/TripId';

export type Route =
  | { screen: 'dashboard' }
  | { screen: 'people' }
  | { screen: 'import' }
  | { screen: 'person'; id: PersonId }
  | { screen: 'audit' }
  | { screen: 'training' }
  | { screen: 'forms' }
  | { screen: 'travel'; tab?: 'trips' | 'custody' }
  | { screen: 'trip'; id: TripId }
  | { screen: 'settings' };

export type ScreenName = Route['screen'];

// The dashboard is the home screen: what falls due is the first thing the office sees.
let current = $state<Route>({ screen: 'dashboard' });

export const router = {
  get route(): Route {
    return current;
  },
  go(route: Route): void {
    current = route;
  },
};
