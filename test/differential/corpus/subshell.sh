# Subshells do not change the shell they run in.

## cd in a subshell
mkdir s
(cd s; basename "$PWD")
basename "$PWD"

## a variable set in a subshell
(x=inner)
echo "${x-unset}"

## exit N in a subshell sets $?
(exit 17)
echo $?

## a command substitution's exit
v=$(echo out; exit 4)
echo "$v $?"

## a background subshell with wait on the same line
(sleep 0; exit 2) & wait $!; echo $?

## a subshell's trap does not leak
(trap 'echo x' USR1)
trap -p USR1
echo done

## $$ is the same in a subshell
[ "$$" = "$(echo $$)" ] && echo same-pid

