# Traps: EXIT, ERR, INT, RETURN, DEBUG and trap -p.

## an EXIT trap does not fire at the end of the line that sets it
#: differs exit-trap-not-run
trap 'echo bye' EXIT
echo middle

## trap -p lists the user's EXIT trap
#: differs exit-trap-not-run
trap 'echo bye' EXIT
trap -p EXIT

## trap -p is empty at first
trap -p
trap

## an ERR trap is kept
trap 'echo err-trapped' ERR
false
true
trap - ERR
false

## an ERR trap sees $?
trap 'echo "err $?"' ERR
(exit 3)
trap - ERR

## an INT trap is kept and runs on kill -INT
trap 'echo caught-int' INT
kill -INT $$
echo after
trap - INT

## trap -p lists INT and TERM traps the user set
trap 'echo i' INT
trap 'echo t' TERM
trap -p
trap - INT TERM

## a subshell's EXIT trap runs when it exits
#: shells bash dash
(trap 'echo sub-exit' EXIT; echo in-sub)
echo after

## a RETURN trap
f() { :; }
trap 'echo returned' RETURN
. /dev/null
trap - RETURN

## a DEBUG trap runs before each command
#: differs debug-trap-at-exit
trap 'echo "dbg: $BASH_COMMAND"' DEBUG
echo one
trap - DEBUG

## trap listing in the POSIX shell
#: shells dash
trap 'echo i' INT
trap
trap - INT
trap
