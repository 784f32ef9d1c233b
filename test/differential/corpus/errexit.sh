# set -e, set -u and what ends a shell.

## set -e is kept
set -e
echo "$-" | grep -c e

## set -e stops the rest of the same line
set -e; false; echo not-reached

## set -e then set +e
set -e
set +e
false
echo still-here

## a failing command under set -e ends bash's shell
#: differs exit-ends-line
set -e
false
echo after

## set -e does not stop on a failing condition
set -e
if false; then echo no; fi
false || echo handled
echo "$?"

## set -u is kept
set -u
echo "${nope-default}"
echo "$nope"
echo after-error

## set -u error status
set -u
echo "$undefined_smsh_var"
echo "status $?"

## ${x:?} fails the line, not the shell
echo "${unset_smsh:?is not set}"
echo after

## exit at the end of a line ends bash's shell
#: differs exit-ends-line
echo before; exit 3
echo after

## exit inside a function
#: differs exit-ends-line
f() { exit 4; }
f
echo after

## exit in a subshell only ends the subshell
(echo in; exit 5); echo "out $?"

## set -e inside a subshell
(set -e; false; echo no); echo "sub $?"
