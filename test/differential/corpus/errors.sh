# Error messages read as at an interactive prompt.

## command not found
nosuchcommand-smsh

## command not found in a function
nf() { nosuchcommand-smsh; }
nf

## a syntax error
echo )

## bad substitution
echo ${a b}

## unbound variable under set -u
set -u
echo "$not_set_smsh"

## cd to a missing directory
cd /nonexistent-smsh

## permission denied
printf 'echo x\n' > noexec.sh
chmod -x noexec.sh
./noexec.sh

## the exit code after each kind of error
nosuchcommand-smsh
echo $?
echo ) 
echo $?
