# $? from one line to the next.

## true then $?
#: shells bash dash
#: bin
true
echo $?

## a subshell's exit code
#: shells bash dash
(exit 42)
echo $?
echo $?

## exit N inside a subshell, then the status of a later line
#: shells bash dash
(exit 3); echo "after $?"
(exit 255)
echo $?
(exit 256)
echo $?

## command not found is 127
#: shells bash dash
nosuchcommand-smsh
echo $?

## a pipeline's status is its last command's
false | true
echo $?
true | false
echo $?

## the final exit code is the last line's
#: shells bash dash
true
(exit 7)

## $? of a command substitution in an assignment
x=$(exit 5)
echo $?

## the status of a function call
f() { return 9; }
f
echo $?

