# export, export -n, unset, declare -x.

## an exported variable reaches child processes on later lines
#: shells bash dash
#: bin
export GREETING=hello
sh -c 'echo "$GREETING"'

## a plain variable does not reach children
PLAIN=1
sh -c 'echo "${PLAIN-unset}"'
echo "$PLAIN"

## export -n takes the export back
export EN=1
export -n EN
sh -c 'echo "${EN-unset}"'
echo "$EN"

## unset is kept
#: shells bash dash
X=1
unset X
echo "${X-unset}"

## export LINES and COLUMNS
#: shells bash dash
export LINES=5 COLUMNS=33
sh -c 'echo "$LINES $COLUMNS"'

## export without a value
export LATER
LATER=now
sh -c 'echo "$LATER"'

## a value with newlines, quotes and dollars
#: shells bash dash
export TRICKY="a
b 'c' \"d\" \$e \\f"
printf '%s\n' "$TRICKY"

