# Sessions for the POSIX path (dash), and the same in bash.

## a function used on the same line
#: shells bash dash
f() { echo "f $1"; }; f one

## a function used on a later line
#: shells bash dash
#: differs-dash posix-functions
f() { echo "f $1"; }
f two

## case with patterns
for v in apple banana cherry; do case $v in a*) echo A ;; *an*) echo N ;; *) echo other ;; esac; done

## parameter expansion forms
p=/a/b/c.txt
echo "${p##*/} ${p%/*} ${p#/} ${#p}"

## set -e in dash on one line
set -e; true; echo reached

## xtrace in dash
#: shells bash dash
set -x
echo t
set +x

## export in dash
#: shells bash dash
export E=1
env | grep -c '^E=1$'

## trap listing in dash
#: shells dash
trap 'echo hi' USR1
trap

## umask in dash
#: shells dash
umask 002
umask

## $# and $@ with spaces
#: shells bash dash
set -- "a b" c
for x in "$@"; do echo "[$x]"; done

