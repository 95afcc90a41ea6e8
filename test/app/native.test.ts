// main/app/native.ts: better-sqlite3's nativeBinding comes from the per-ABI folder when it exists,
// is left to the default in packaged builds, and a missing addon yields a hint instead of a crash.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronNativeBinding, nativeBindingFolder } from '../../main/app/native';

const base = { appRoot: '/src/fivex', platform: 'linux' as const, arch: 'x64', abi: '140' };

describe('electronNativeBinding', () => {
  it('points at .electron-native/<platform>-<arch>-abi<N>/better_sqlite3.node when present', () => {
    const expected = join('/src/fivex', '.electron-native', 'linux-x64-abi140', 'better_sqlite3.node');
    expect(nativeBindingFolder(base)).toBe('linux-x64-abi140');
    expect(electronNativeBinding({ ...base, isPackaged: false, exists: (p) => p === expected })).toEqual({ path: expected });
  });

  it('gives a hint when the addon is missing', () => {
    const result = electronNativeBinding({ ...base, isPackaged: false, exists: () => false });
    expect(result.path).toBeUndefined();
    expect('hint' in result ? result.hint : null).toMatch(/ABI 140/);
  });

  it('uses the default addon in a packaged build', () => {
    expect(electronNativeBinding({ ...base, isPackaged: true, exists: () => true })).toEqual({ path: undefined, hint: null });
  });
});
