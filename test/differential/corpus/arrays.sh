# Indexed and associative arrays.

## an indexed array is kept
a=(one two "three four")
echo "${#a[@]} ${a[2]}"

## appending on a later line
a=(x)
a+=(y z)
echo "${a[*]}"

## a sparse array keeps its indexes
a=([3]=c [7]=g)
echo "${!a[*]}"

## an associative array is kept
declare -A m=([k1]=v1 ["key two"]="v 2")
echo "${m[key two]} ${m[k1]}"

## associative keys
declare -A m
m[b]=2
m[a]=1
printf '%s\n' "${!m[@]}" | sort

## declare -p of an array
a=(1 "2 3")
declare -p a

## BASH_REMATCH is kept
[[ abc123 =~ ([a-z]+)([0-9]+) ]]
echo "${BASH_REMATCH[2]}"

