// Launch at login, opt-in: off until the person turns it on in the app (app:setLaunchAtLogin).
// The OS keeps the setting (login items on macOS, the Run key on Windows); Electron has no login
// item API on Linux, where the setting is reported as unsupported.
import type { App } from 'electron';
import type { LaunchAtLogin } from '../desktop/types';

type AppLike = Pick<App, 'getLoginItemSettings' | 'setLoginItemSettings'>;

export function electronLaunchAtLogin(app: AppLike, platform: NodeJS.Platform): LaunchAtLogin {
  const supported = platform === 'darwin' || platform === 'win32';
  return {
    supported,
    enabled: () => supported && app.getLoginItemSettings().openAtLogin,
    set: (enabled) => {
      if (!supported) return false;
      app.setLoginItemSettings({ openAtLogin: enabled });
      return app.getLoginItemSettings().openAtLogin;
    },
  };
}
