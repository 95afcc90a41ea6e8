// Maps the engine's refusals to CLI failures (exit 1, one line saying what and what to do).
import { EngineError } from '../../refresh';
import { ConfigError } from '../../oauth/resolve';
import { CliError } from '../errors';

export async function engineCall<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof EngineError) throw new CliError(err.code, err.message);
    if (err instanceof ConfigError) throw new CliError('config_error', err.message);
    throw err;
  }
}
