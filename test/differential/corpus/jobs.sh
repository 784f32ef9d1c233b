# Background jobs and wait.

## a background job prints its number and pid
sleep 0 &
wait
echo done

## wait with no job
wait
echo $?

## a job's output
#: shells bash dash
(echo from-bg) & wait
echo after

