# $! and background jobs.

## $! on the same line
sleep 0 & p=$!; wait $p; echo "waited $?"

## wait for a job started on the same line, with its status
(exit 3) & wait $!; echo $?

## $! on the next line
#: differs bang-not-kept
sleep 0 &
[ -n "$!" ] && echo has-pid || echo no-pid

## wait on a later line
#: differs bang-not-kept
(exit 3) &
wait $!
echo $?

## jobs lists a job started on an earlier line
#: differs bang-not-kept
sleep 1 &
jobs | wc -l
