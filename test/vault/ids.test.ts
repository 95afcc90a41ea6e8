// newId and nowIso: the id and clock formats every table relies on.
import { describe, expect, it } from 'vitest';
import { newId, nowIso } from '../../main/vault';

describe('newId', () => {
  it('is the prefix, an underscore and 16 random bytes in lowercase hex', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newId('ten')));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^ten_[0-9a-f]{32}$/);
    expect(encodeURIComponent(newId('con'))).toMatch(/^con_/);
  });

  it('refuses a prefix that would make ids ambiguous or not url-safe', () => {
    for (const bad of ['', 'Ten', 'te_n', 'a/b', 'x'.repeat(17), '1st']) expect(() => newId(bad), bad).toThrow(/prefix/);
  });
});

describe('nowIso', () => {
  it('is UTC ISO-8601 with milliseconds, and sorts as text in time order', () => {
    const a = nowIso();
    expect(a).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(Math.abs(Date.parse(a) - Date.now())).toBeLessThan(5000);
    const b = nowIso();
    expect(b >= a).toBe(true);
  });
});
