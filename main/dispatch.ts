import { channels, isChannelName } from '../shared/contract';
import { AppError, type Result, toErrorData } from '../shared/errors';
import { can, canSignedOut } from '../shared/permissions';
import { zodFieldErrors } from '../shared/validation';
import type { CallContext, HandlerTable } from './handlers';

export interface DispatchOptions {
  /** Check every result against the contract (tests turn this on). */
  validateOutput?: boolean;
  /** Calls slower than this are logged by channel name (never with their input: it holds personal data). */
  slowMs?: number;
  log?: (message: string) => void;
}

/** The single entry point both transports call: name, then session and permission, then input, then the handler. */
export async function dispatch(
  table: HandlerTable,
  name: string,
  rawInput: unknown,
  ctx: CallContext,
  options: DispatchOptions = {},
): Promise<Result<unknown>> {
  const log = options.log ?? ((m: string) => console.warn(m));
  if (!isChannelName(name)) return { ok: false, error: { code: 'NOT_FOUND', message: `Unknown channel ${name.slice(0, 80)}` } };
  const def = channels[name];
  if (!canSignedOut(def.permission)) {
    if (!ctx.session) return { ok: false, error: { code: 'UNAUTHENTICATED', message: 'Sign in first.' } };
    if (!can(ctx.session.role, def.permission)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'Your role does not allow this.' } };
    }
  }
  const parsed = def.input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    return { ok: false, error: new AppError('VALIDATION', 'Some fields are not valid', zodFieldErrors(parsed.error)).toData() };
  }
  const started = performance.now();
  try {
    const handler = table[name] as (input: unknown, ctx: CallContext) => unknown;
    const value = await handler(parsed.data, ctx);
    if (options.validateOutput) {
      const checked = def.output.safeParse(value);
      if (!checked.success) throw new Error(`${name} returned a value outside its contract: ${checked.error.message}`);
    }
    return { ok: true, value };
  } catch (error) {
    if (!(error instanceof AppError))
      log(`[dispatch] ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return { ok: false, error: toErrorData(error) };
  } finally {
    const elapsed = performance.now() - started;
    if (elapsed > (options.slowMs ?? 40)) log(`[slow] ${name} took ${elapsed.toFixed(1)} ms`);
  }
}
