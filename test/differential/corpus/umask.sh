# umask and ulimit.

## umask is kept
#: shells bash dash
umask 027
umask

## umask applies to files made on a later line
#: shells bash dash
umask 077
touch f
ls -l f | cut -c1-10

## symbolic umask
umask u=rwx,g=rx,o=
umask -S

## ulimit -n is kept
#: shells bash dash
ulimit -S -n 256
ulimit -S -n

## ulimit -c is kept
ulimit -S -c 0
ulimit -S -c

## a hard limit lowered stays lowered
ulimit -H -n 300
ulimit -H -n

## ulimit -f is kept for child processes
ulimit -S -f 1
bash -c 'ulimit -S -f'
