/**
 * The start of a line as it goes into the invocation's Comment, which CloudTrail and ListCommands
 * show to others: values of variables named like secrets, `-p<password>` and `--password=…` are
 * masked, and a line typed with a leading space (as for shell history) is not shown at all.
 */
export function redactForComment(line: string): string {
  if (/^\s/.test(line) && line.trim() !== '') return '(hidden)';
  return line
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\b([A-Za-z_]*(?:PASS|PWD|TOKEN|SECRET|KEY|CRED)[A-Za-z_]*)=(?:'[^']*'|"[^"]*"|[^\s;&|]+)/gi, '$1=***')
    .replace(/(\s-p)(?=\S)\S+/g, '$1***')
    .replace(/(--(?:password|passwd|token|secret)[= ])\S+/gi, '$1***');
}

/**
 * The Comment of an invocation: `smsh <who>: [<tag> ]<line>`, the line redacted, within SSM's 100
 * characters. The tag says what the script does for the line (`(read)` for a reader).
 */
export function commentFor(clientLabel: string, line: string, tag?: string): string {
  const what = redactForComment(line);
  const text = `smsh ${clientLabel}: ${tag ? (what ? `${tag} ${what}` : tag) : what}`;
  return text.length > 100 ? `${text.slice(0, 99)}…` : text;
}
