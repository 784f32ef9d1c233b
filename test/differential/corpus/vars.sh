# Shell variables: IFS, positional parameters, getopts, SECONDS, RANDOM, LINENO.

## positional parameters are kept
#: shells bash dash
set -- a "b c" d
echo "$# $2"
shift
echo "$1"

## IFS is kept
IFS=:
v=a:b:c
set -- $v
echo "$#"

## IFS unset restores the default
#: shells bash dash
IFS=:
unset IFS
v="a b"
set -- $v
echo "$#"

## getopts state across lines
#: shells bash dash
set -- -a -b
getopts ab o; echo "$o $OPTIND"
getopts ab o; echo "$o $OPTIND"

## SECONDS counts on across lines
SECONDS=100
echo "$(( SECONDS >= 100 && SECONDS < 110 ))"

## RANDOM seeded on one line
#: differs random-seed
RANDOM=42
echo "$RANDOM"

## LINENO
#: differs lineno
echo "$LINENO"

## BASH_ARGV0 sets $0
BASH_ARGV0=renamed
echo "$0"

## a variable whose name starts like smsh's
__sm=mine
echo "$__sm"

## $- in full
#: differs flags-c
echo "$-"

