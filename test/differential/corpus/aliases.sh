# Aliases, from one line to the next and from .bashrc.

## an alias defined on one line applies on the next
alias hello='echo hello'
hello

## an alias is not used on its own line
alias same='echo same'; same
same

## unalias
alias gone='echo gone'
unalias gone
gone

## alias listing
alias a1='echo 1'
alias a1

## an alias from .bashrc
ll -d /

## an alias with a trailing space expands the next word
alias run='echo '
alias word='expanded'
run word

## alias -p shows the user's aliases only
unalias -a
alias z='echo z'
alias -p
