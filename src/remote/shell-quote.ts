/** Quotes any string for POSIX sh as one word, so values never need escaping rules of their own. */
export function shQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * Encodes bytes as a printf format of octal escapes: it survives any shell, needs no helper
 * on the instance (POSIX printf), and carries any byte, so a typed line has no quoting bugs.
 */
export function printfOctal(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += `\\${byte.toString(8).padStart(3, '0')}`;
  return `'${out}'`;
}
