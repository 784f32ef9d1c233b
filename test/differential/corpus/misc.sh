# Odds and ends a shell user types.

## process substitution
diff <(echo a) <(echo a) && echo same

## pwd after mkdir -p and cd
mkdir -p deep/er
cd deep/er
pwd | sed 's|.*/deep|deep|'

## source a file that sets a variable
echo 'SOURCED=yes' > lib.sh
. ./lib.sh
echo "$SOURCED"

## output without a final newline
printf 'no-eol'

## stdout and stderr on one line
echo out; echo err >&2

## a very long single line
echo "$(printf 'x%.0s' $(seq 1 3000))" | wc -c

## smsh's own functions are listed with the user's
#: differs internal-names
declare -F | grep -c -w -e trap -e exit
