# Functions and local variables.

## a function defined on one line runs on the next
greet2() { echo "hi $1"; }
greet2 there

## local does not leak
f() { local x=inner; echo "$x"; }
x=outer
f
echo "$x"

## a recursive function
fact() { if (( $1 <= 1 )); then echo 1; else echo $(( $1 * $(fact $(( $1 - 1 ))) )); fi; }
fact 5

## declare -f prints the function
h() { echo h; }
declare -f h

## a function over several lines
multi() {
  echo first
  echo second
}
multi

## a function from .bashrc
greet smsh

## export -f reaches child bash
ef() { echo exported-function; }
export -f ef
bash -c ef

