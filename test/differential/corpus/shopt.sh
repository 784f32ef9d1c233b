# shopt and set -o options from one line to the next.

## extglob is kept and applies to the next line
shopt -s extglob
touch a.txt b.log c.txt
echo !(*.log)

## a function using extglob is kept
shopt -s extglob
f() { case $1 in @(x|y)) echo match ;; *) echo no ;; esac; }
f x
f z

## nullglob
shopt -s nullglob
echo none:*.nothing:
shopt -u nullglob
echo none:*.nothing:

## failglob
shopt -s failglob
echo *.nomatch
echo $?

## shopt -p of one option
shopt -s nocasematch
shopt -p nocasematch
[[ ABC == abc ]] && echo same

## noclobber
set -o noclobber
echo a > f
echo b > f
cat f
set +o noclobber

## allexport
set -a
AUTO_EXPORTED=1
set +a
bash -c 'echo "${AUTO_EXPORTED-unset}"'

## expand_aliases off
alias hi='echo hi'
shopt -u expand_aliases
hi
shopt -s expand_aliases
hi

