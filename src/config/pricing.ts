import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import type { RuntimeEnv } from '../providers/adapter.js';
import { Pricing, SNAPSHOT_PRICING, type PriceTable } from '../pricing/overrides.js';
import schema from '../../schema/config.schema.json' with { type: 'json' };
import { loadConfig } from './load.js';
import { validate, type Schema } from './validate.js';

/**
 * The prices a run uses: a `--prices FILE` (the config's `prices` shape) beats the config's `prices`,
 * which beats the snapshot alone. A file that cannot be read, is not JSON or does not fit is a user error.
 */
export function pricingInForce(renv: RuntimeEnv, pricesFile: string | undefined): Pricing {
  if (pricesFile !== undefined) {
    const file = path.resolve(pricesFile);
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new UserError(`--prices ${file}: ${code === 'ENOENT' ? 'no such file' : code ? `cannot be read (${code})` : `not valid JSON (${(err as Error).message})`}`);
    }
    const verdict = validate(value, schema.properties.prices as Schema, schema as Schema);
    if (verdict.error !== undefined) throw new UserError(`--prices ${file}: ${verdict.error}`);
    for (const key of verdict.unknownKeys) process.stderr.write(`usage: --prices ${file}: unknown key "${key}" (ignored)\n`);
    return new Pricing(value as PriceTable, file);
  }
  const config = loadConfig(renv);
  return config.values.prices ? new Pricing(config.values.prices, config.file) : SNAPSHOT_PRICING;
}
