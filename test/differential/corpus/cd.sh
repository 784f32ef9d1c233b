# cd, cd -, OLDPWD, pushd, popd, dirs.

## cd is kept
#: shells bash dash
#: bin
mkdir sub
cd sub
pwd

## cd - goes back and prints where
#: shells bash dash
mkdir a b
cd a
cd ../b
cd -
pwd

## OLDPWD is kept
#: shells bash dash
mkdir x
cd x
echo "${OLDPWD##*/}"

## cd with no argument goes home
cd
pwd

## pushd and popd over lines
mkdir p q
pushd p >/dev/null
pushd ../q >/dev/null
dirs -p | sed 's|.*/||'
popd >/dev/null
basename "$PWD"

## cd into a directory with spaces and unicode
#: shells bash dash
mkdir 'with space' 'ünï'
cd 'with space'
basename "$PWD"
cd ../ünï
basename "$PWD"

## cd to a file fails and the cwd stays
#: shells bash dash
touch file
cd file
basename "$PWD"

## cd into a symlink keeps the logical path
mkdir real2
ln -s real2 link2
cd link2
basename "$PWD"
pwd -P | sed 's|.*/||'

## a cd function of the user is kept and used
cd() { builtin cd "$@" && echo "now in ${PWD##*/}"; }
mkdir t
cd t

## a working directory removed from under the shell
#: differs cwd-gone-refused
mkdir gone
cd gone
rmdir "$PWD"
touch marker
cd ..
ls
