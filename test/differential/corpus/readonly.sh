# readonly and declare attributes.

## a readonly variable stays readonly
#: shells bash dash
#: differs-dash exit-ends-line
readonly R=1
R=2
echo "$R"

## readonly -p lists it
readonly RO_SMSH=x
readonly -p | grep -c RO_SMSH

## unset of a readonly variable fails
readonly KEEP=1
unset KEEP
echo "$KEEP"

## declare -i keeps integer arithmetic
declare -i n=5
n=n+1
echo "$n"

## declare -l and -u
declare -l low=ABC
declare -u up=abc
echo "$low $up"
low=XYZ
echo "$low"

## a nameref
x=target
declare -n ref=x
ref=changed
echo "$x"

