/**
 * The program the user's line runs in, one per shell flavour (bash if the instance has it, else
 * `sh`). The run script starts it with a clean environment and these descriptors, all opened by
 * the run script so a switched user needs no access to the spool: 0 stdin, 1/2 the spool's
 * out/err files, 3 the line, 4 the saved state, 9 where the new state goes.
 *
 * It runs in two stages. Stage one reads the line and the state's first two lines (the cwd, and
 * the `#R` command that gives the line its `$?`, `$_` and PIPESTATUS) and execs stage two with
 * the line appended to its program text: so the line runs at top level, not inside `eval`, and
 * traces, error messages and aliases behave as at a prompt. Stage two restores the rest of the
 * state, enters the cwd (never another directory: a cwd that is gone refuses the line), and
 * saves the state on EXIT, which also runs after `exit N` and SIGTERM, so a failed or cancelled
 * line keeps the changes it made. A SIGTERM that arrives while the state is still being restored
 * is held until the EXIT trap is in place, so the state is never lost.
 *
 * The state file: `#cwd:hex:<cwd>` (read by the run script for its frame), `#R<flags>:<command>`,
 * then shell code evaluated with its output and errors discarded, ending with `# smsh-state-end`.
 * A state without that end was made by the run script for a new layer.
 */
export { BASH_INNER } from './inner-bash.js';
export { POSIX_INNER } from './inner-posix.js';
