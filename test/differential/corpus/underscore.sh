# $_, the last argument of the previous command.

## $_ after echo
echo a b c
echo "$_"

## $_ after a pipeline is the one before it
echo first last
true | true
echo "$_"

## $_ after an assignment only
echo keep
x=1
echo "$_"

## $_ inside one line
echo one two; echo "$_"

## $_ after a function call
f() { :; }
f arg1 arg2
echo "$_"
