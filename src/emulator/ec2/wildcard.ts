// EC2 filter values: `*` matches any run of characters, `?` one character, `\` escapes.

/** Compiles an EC2 filter value to an anchored, case-sensitive RegExp. */
export function wildcardToRegExp(value: string): RegExp {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i] ?? '';
    if (c === '\\' && i + 1 < value.length) {
      out += (value[++i] ?? '').replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
    } else if (c === '*') out += '[\\s\\S]*';
    else if (c === '?') out += '[\\s\\S]';
    else out += c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** Whether `candidate` matches any of the filter's values. */
export function matchesAny(candidate: string | undefined, values: readonly RegExp[]): boolean {
  return candidate !== undefined && values.some((re) => re.test(candidate));
}
