# PIPESTATUS and pipefail from one line to the next.

## PIPESTATUS of a three-command pipeline
false | true | (exit 3)
echo "${PIPESTATUS[@]}"

## PIPESTATUS of a simple command
(exit 4)
echo "${PIPESTATUS[@]} $?"

## PIPESTATUS and $? after a negated pipeline
! false | (exit 6)
echo "${PIPESTATUS[*]} $?"

## pipefail is kept and gives the rightmost failure
set -o pipefail
false | true
echo $?
set +o pipefail

## pipefail with PIPESTATUS on the next line
set -o pipefail
(exit 2) | (exit 3) | true
echo "$? ${PIPESTATUS[*]}"

## PIPESTATUS read on the same line
false | true; echo "${PIPESTATUS[*]}"

