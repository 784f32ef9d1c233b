# set -x: traces of the user's commands only, one + each.

## set -x traces the next line
set -x
echo traced
set +x

## nested traces keep their levels
set -x
echo "$(echo inner)"
set +x

## a custom PS4
PS4='>> '
set -x
echo custom
set +x

## set -x keeps $?
set -x
(exit 7)
echo "$?"
set +x

## set -x in a function
f() { echo in-f; }
set -x
f
set +x

## set -x with a redirection
#: shells bash dash
set -x
echo a > f; tr a b < f
set +x

## set -v echoes the lines
#: differs verbose-exit-trap
set -v
echo verbose
set +v
