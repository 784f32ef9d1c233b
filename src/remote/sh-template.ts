/**
 * Writes shell source in TypeScript without escaping: a raw template (backslashes stay as they
 * are) in which `@{` stands for the shell's `${`, since a template literal would take `${` as its
 * own. `${value}` still interpolates a TypeScript value. Leading blanks of every line are
 * dropped (the programs travel in every run script, where each character counts), so a string
 * or here-document in the source must not span lines that start with blanks.
 */
export function sh(strings: TemplateStringsArray, ...values: string[]): string {
  const raw = strings.raw.map((part) => part.replace(/@\{/g, '${').replace(/\n[ \t]+/g, '\n'));
  return String.raw({ raw }, ...values);
}
