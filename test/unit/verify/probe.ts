// Whether this machine can run the sandbox: bwrap on PATH and able to start (a kernel without unprivileged user
// namespaces refuses). Tests that run code skip, saying why, where it cannot; the refusal itself is always tested.
import { Sandbox, SandboxUnavailableError } from '../../../src/core/verify/sandbox';

let probe: Promise<string | null> | undefined;

/** null when the sandbox runs Python here, else the reason it does not. */
export function sandboxUnavailable(): Promise<string | null> {
  probe ??= (async () => {
    try {
      await new Sandbox().findPython();
      return null;
    } catch (e) {
      if (e instanceof SandboxUnavailableError) return e.message;
      throw e;
    }
  })();
  return probe;
}

export async function skipWithoutSandbox(ctx: Mocha.Context): Promise<void> {
  const why = await sandboxUnavailable();
  if (why) {
    console.warn(`    skipped (no sandbox here): ${why}`);
    ctx.skip();
  }
}
