/** A small option reader for the commands that take `--name value` options and flags. */
export interface ParsedOptions {
  values: Map<string, string[]>;
  flags: Set<string>;
}

/**
 * Reads `argv` given the names of options that take a value (repeatable) and of flags;
 * `--name=value` is accepted too. Returns an error text for anything else.
 */
export function readOptions(
  argv: readonly string[],
  spec: { values: readonly string[]; flags: readonly string[] },
): ParsedOptions | string {
  const parsed: ParsedOptions = { values: new Map(), flags: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (spec.flags.includes(name)) {
      parsed.flags.add(name);
      continue;
    }
    if (!spec.values.includes(name)) return `unknown argument ${arg}`;
    const value = eq > 0 && arg.startsWith('--') ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '') return `${name} needs a value`;
    parsed.values.set(name, [...(parsed.values.get(name) ?? []), value]);
  }
  return parsed;
}

/** The last value of an option. */
export function lastValue(options: ParsedOptions, name: string): string | undefined {
  const list = options.values.get(name);
  return list?.[list.length - 1];
}

/** Every value of a repeatable option, comma-separated values split. */
export function allValues(options: ParsedOptions, name: string): string[] | undefined {
  const list = options.values.get(name);
  if (!list) return undefined;
  return list
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}
