// The main side of the IPC wire, and the only main module that touches ipcMain: one handler per
// contract channel, each checking the sender frame (top-level, on the app's own origin: R24, T17)
// before handing the untrusted argument to the desktop API's validating dispatch. A channel takes
// one argument (or none): more is refused as invalid arguments.
import { ipcMain } from 'electron';
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import type { DesktopApi } from '../desktop/api';
import { INVOKE_CHANNELS } from '../../preload/contract';
import type { AppUrlCheck } from './app-origin';

type SenderInfo = Pick<IpcMainInvokeEvent, 'senderFrame'>;

/** Only the top frame of a document served from the app's origin may call. */
export function isTrustedSender(event: SenderInfo, isAppUrl: AppUrlCheck): boolean {
  const frame = event.senderFrame;
  if (frame === null || frame.parent !== null) return false;
  return isAppUrl(frame.url);
}

export class UntrustedSenderError extends Error {
  constructor(channel: string) {
    super(`Refused ${channel}: the calling frame is not FiveX Connect's own page.`);
    this.name = 'UntrustedSenderError';
  }
}

/** Registers every invoke channel; returns a function that removes them all. */
export function registerInvokeHandlers(api: Pick<DesktopApi, 'dispatch'>, isAppUrl: AppUrlCheck, log: (line: string) => void): () => void {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      if (!isTrustedSender(event, isAppUrl)) {
        log(`[ipc] refused ${channel} from an untrusted frame`);
        throw new UntrustedSenderError(channel);
      }
      if (args.length > 1) {
        return Promise.resolve({ ok: false, error: { code: 'invalid_args', message: `Invalid arguments for ${channel}: a channel takes one argument, got ${args.length}` } });
      }
      return api.dispatch(channel, args[0]);
    });
  }
  return () => {
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel);
  };
}

/** Forwards desktop events to the window, only while it shows the app's own page. */
export function forwardEvents(api: Pick<DesktopApi, 'onEvent'>, target: () => WebContents | null, isAppUrl: AppUrlCheck): () => void {
  return api.onEvent((event) => {
    const contents = target();
    if (contents === null || contents.isDestroyed() || !isAppUrl(contents.getURL())) return;
    contents.send(event.channel, event.payload);
  });
}
