# Unicode and binary bytes in values, names and output.

## a unicode value is kept
v='ünïcödé ✓ 日本'
echo "$v"

## a unicode value exported
#: shells bash dash
export U='→ ∀x'
sh -c 'echo "$U"'

## a value with control bytes
v=$(printf 'a\001b\033c')
printf '%s' "$v" | od -An -c

## a value with a high byte
#: shells bash dash
v=$(printf 'x\377y')
printf '%s' "$v" | od -An -tx1

## binary output is byte-exact
#: shells bash dash
printf '\000\001\377\n'

## a unicode alias and function
alias ✓='echo tick'
✓

