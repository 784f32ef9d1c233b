// The query protocols flatten lists as Name.1, Name.2 … and structures as Name.N.Member.

/** Values of `prefix.1`, `prefix.2`, … in index order. */
export function numberedList(params: URLSearchParams, prefix: string): string[] {
  const found: [number, string][] = [];
  const re = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.(\\d+)$`);
  for (const [key, value] of params) {
    const m = re.exec(key);
    if (m) found.push([Number(m[1]), value]);
  }
  return found.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

/** EC2 Filter.N.Name / Filter.N.Value.M, in index order. */
export function ec2Filters(params: URLSearchParams): { name: string; values: string[] }[] {
  const indexes = new Set<number>();
  for (const key of params.keys()) {
    const m = /^Filter\.(\d+)\./.exec(key);
    if (m) indexes.add(Number(m[1]));
  }
  return [...indexes]
    .sort((a, b) => a - b)
    .map((n) => ({ name: params.get(`Filter.${n}.Name`) ?? '', values: numberedList(params, `Filter.${n}.Value`) }));
}
