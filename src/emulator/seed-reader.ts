// A tiny typed reader over untrusted YAML data: every problem is collected with its field path, so
// one run reports all mistakes in a seed file instead of the first.

export class SeedError extends Error {
  override name = 'SeedError';
  constructor(readonly problems: string[]) {
    // One problem stays on the error line itself; several get one line each.
    super(problems.length === 1 ? `invalid seed: ${problems[0]}` : `invalid seed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export class Reader {
  readonly problems: string[] = [];

  fail(path: string, message: string): void {
    this.problems.push(`${path || '<root>'}: ${message}`);
  }

  object(value: unknown, path: string): Record<string, unknown> | undefined {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    this.fail(path, 'must be a mapping');
    return undefined;
  }

  /** Absent → []; otherwise must be a list, whose items `each` reads. */
  list<T>(value: unknown, path: string, each: (item: unknown, path: string) => T | undefined): T[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.fail(path, 'must be a list');
      return [];
    }
    return value.flatMap((item, i) => {
      const read = each(item, `${path}[${i}]`);
      return read === undefined ? [] : [read];
    });
  }

  string(value: unknown, path: string, opts: { optional?: boolean; pattern?: RegExp; hint?: string } = {}): string | undefined {
    if (value === undefined || value === null) {
      if (!opts.optional) this.fail(path, 'is required');
      return undefined;
    }
    // YAML reads 1000000000000001 and 1.0 as numbers; IDs and tags are text.
    const text = typeof value === 'number' ? String(value) : value;
    if (typeof text !== 'string') {
      this.fail(path, 'must be a string');
      return undefined;
    }
    if (opts.pattern && !opts.pattern.test(text)) {
      this.fail(path, `"${text}" ${opts.hint ?? `does not match ${opts.pattern}`}`);
      return undefined;
    }
    return text;
  }

  number(value: unknown, path: string, fallback: number, min = 0): number {
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
      this.fail(path, `must be a number >= ${min}`);
      return fallback;
    }
    return value;
  }

  oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[], fallback?: T): T | undefined {
    if ((value === undefined || value === null) && fallback !== undefined) return fallback;
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    this.fail(path, `must be one of ${allowed.join(', ')}`);
    return undefined;
  }

  strings(value: unknown, path: string): string[] {
    return this.list(value, path, (item, p) => this.string(item, p));
  }

  /** Unknown keys are mistakes (a typo would otherwise silently drop data). */
  known(obj: Record<string, unknown>, path: string, keys: readonly string[]): void {
    for (const key of Object.keys(obj)) {
      if (!keys.includes(key)) this.fail(`${path}.${key}`, `unknown field (expected one of ${keys.join(', ')})`);
    }
  }
}
