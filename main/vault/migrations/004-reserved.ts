// PLACEHOLDER, never to be released: the consent helper's migration 004 takes this number. It
// exists only so that migration 005 (audit indexes) runs on this branch before that one lands;
// delete this file and its line in index.ts when merging the real 004.
export const migration004 = {
  version: 4,
  name: 'reserved',
  sql: '',
} as const;
