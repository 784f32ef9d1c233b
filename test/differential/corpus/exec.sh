# exec and file descriptors.

## exec >file redirects the rest of the line
exec >out.txt; echo into-file
cat out.txt >&2

## exec >file lasts in bash for the lines after
#: differs exec-redirect
exec >later.txt
echo after-exec
cat later.txt >&2

## exec 2>&1 in a subshell
(exec 2>&1; echo err >&2) 2>/dev/null

## exec 3>file on a later line
#: differs exec-redirect
exec 3>fd3.txt
echo three >&3
cat fd3.txt

## exec with a command replaces the shell
#: differs exit-ends-line
exec echo replaced
echo after

## exec of a failing command
exec /nonexistent-smsh
echo "still here $?"
