// A small set of line icons drawn for this app (24×24, stroked), kept as data so they render
// without {@html} and without any file fetched at run time.
export type Shape =
  | { path: string }
  | { circle: [number, number, number] }
  | { rect: [number, number, number, number, number] };

export const ICONS = {
  fileText: [{ path: 'M14 3H7a1 1 0 0 0-1 1v16a1 1 0 0 0 1 1h10a1 1 0 0 0 1-1V7z' }, { path: 'M14 3v4h4M9 12h6M9 16h6' }],
  printer: [{ path: 'M7 9V3.5h10V9' }, { rect: [3.5, 9, 17, 8, 1.5] }, { rect: [7, 14, 10, 6.5, 0.5] }],
  users: [{ circle: [9, 8, 3.5] }, { path: 'M2.5 20c0-3.6 2.9-6 6.5-6s6.5 2.4 6.5 6' }, { path: 'M15.5 4.7a3.5 3.5 0 0 1 0 6.6' }, { path: 'M18 14.4c2.1.8 3.5 2.8 3.5 5.6' }],
  shield: [{ path: 'M12 3l7.5 3v5.5c0 4.6-3.1 8.3-7.5 9.5-4.4-1.2-7.5-4.9-7.5-9.5V6z' }, { path: 'M8.8 12.2l2.2 2.2 4.3-4.6' }],
  settings: [{ path: 'M4 6h9M17 6h3M4 12h3M11 12h9M4 18h11M19 18h1' }, { circle: [15, 6, 2] }, { circle: [9, 12, 2] }, { circle: [17, 18, 2] }],
  search: [{ circle: [11, 11, 6.5] }, { path: 'M20 20l-4.2-4.2' }],
  plus: [{ path: 'M12 5v14M5 12h14' }],
  chevronLeft: [{ path: 'M15 6l-6 6 6 6' }],
  chevronRight: [{ path: 'M9 6l6 6-6 6' }],
  arrowLeft: [{ path: 'M19 12H5M11 6l-6 6 6 6' }],
  eye: [{ path: 'M2.5 12S6 5.5 12 5.5 21.5 12 21.5 12 18 18.5 12 18.5 2.5 12 2.5 12z' }, { circle: [12, 12, 2.8] }],
  eyeOff: [{ path: 'M2.5 12S6 5.5 12 5.5 21.5 12 21.5 12 18 18.5 12 18.5 2.5 12 2.5 12z' }, { circle: [12, 12, 2.8] }, { path: 'M4 4l16 16' }],
  archive: [{ rect: [3, 4, 18, 4.5, 1] }, { path: 'M5 8.5V19a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1V8.5M10 12.5h4' }],
  restore: [{ path: 'M4.5 12a7.5 7.5 0 1 0 2.2-5.3' }, { path: 'M4.5 4v4.5H9' }],
  edit: [{ path: 'M4 20h4L19 9l-4-4L4 16z' }, { path: 'M13.5 6.5l4 4' }],
  layers: [{ path: 'M12 3l9 5-9 5-9-5z' }, { path: 'M3 13l9 5 9-5' }],
  x: [{ path: 'M6 6l12 12M18 6L6 18' }],
  database: [{ path: 'M4.5 5.5c0-1.5 3.4-2.8 7.5-2.8s7.5 1.3 7.5 2.8-3.4 2.8-7.5 2.8-7.5-1.3-7.5-2.8z' }, { path: 'M4.5 5.5v13c0 1.5 3.4 2.8 7.5 2.8s7.5-1.3 7.5-2.8v-13M4.5 12c0 1.5 3.4 2.8 7.5 2.8s7.5-1.3 7.5-2.8' }],
  book: [{ path: 'M5 4h11a3 3 0 0 1 3 3v13H8a3 3 0 0 1-3-3z' }, { path: 'M5 17a3 3 0 0 1 3-3h11' }],
  checkCircle: [{ circle: [12, 12, 9] }, { path: 'M8 12.5l2.8 2.8L16.5 9.5' }],
  alert: [{ path: 'M12 3.5L2.5 20h19z' }, { path: 'M12 10v4.5M12 17.2v.3' }],
  sort: [{ path: 'M8.5 9.5L12 6l3.5 3.5M8.5 14.5L12 18l3.5-3.5' }],
  sortUp: [{ path: 'M8 14l4-4 4 4' }],
  sortDown: [{ path: 'M8 10l4 4 4-4' }],
  user: [{ circle: [12, 8.5, 3.8] }, { path: 'M4.5 20c.8-3.6 3.8-5.8 7.5-5.8s6.7 2.2 7.5 5.8' }],
  lock: [{ rect: [5, 10.5, 14, 10, 1.5] }, { path: 'M8 10.5V7.5a4 4 0 0 1 8 0v3' }, { path: 'M12 14.5v2.5' }],
  logOut: [{ path: 'M10 4H5.5a1 1 0 0 0-1 1v14a1 1 0 0 0 1 1H10' }, { path: 'M15 8l4 4-4 4M19 12H9.5' }],
  key: [{ circle: [8, 15, 4] }, { path: 'M10.8 12.2L19 4M16 7l2.5 2.5M14 9l2 2' }],
  globe: [{ circle: [12, 12, 9] }, { path: 'M3 12h18M12 3c2.4 2.5 3.6 5.5 3.6 9s-1.2 6.5-3.6 9c-2.4-2.5-3.6-5.5-3.6-9S9.6 5.5 12 3z' }],
  download: [{ path: 'M12 4v11M7 10l5 5 5-5M5 20h14' }],
  upload: [{ path: 'M12 20V9M7 14l5-5 5 5M5 4h14' }],
  folder: [{ path: 'M3.5 6.5a1 1 0 0 1 1-1h4.6l2 2.2h8.4a1 1 0 0 1 1 1V18a1 1 0 0 1-1 1h-15a1 1 0 0 1-1-1z' }],
  externalLink: [{ path: 'M14 4h6v6M20 4l-9 9' }, { path: 'M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5' }],
  info: [{ circle: [12, 12, 9] }, { path: 'M12 11v5.5M12 7.8v.2' }],
  bell: [{ path: 'M6 16.5V11a6 6 0 0 1 12 0v5.5l1.5 2H4.5z' }, { path: 'M10 20.5a2.2 2.2 0 0 0 4 0' }],
  calendar: [{ rect: [3.5, 5, 17, 15.5, 1.5] }, { path: 'M3.5 10h17M8 3v4M16 3v4' }],
  list: [{ path: 'M9 6h11M9 12h11M9 18h11' }, { circle: [4.8, 6, 0.9] }, { circle: [4.8, 12, 0.9] }, { circle: [4.8, 18, 0.9] }],
  clock: [{ circle: [12, 12, 9] }, { path: 'M12 7.5V12l3 2' }],
  check: [{ path: 'M5 12.5l4.5 4.5L19 7.5' }],
  hash: [{ path: 'M5 9h15M4 15h15M10 4L8 20M16 4l-2 16' }],
} satisfies Record<string, Shape[]>;

export type IconName = keyof typeof ICONS;
