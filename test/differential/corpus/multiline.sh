# Commands typed over several lines run as one, as in bash.

## a for loop over three lines
#: shells bash dash
#: bin
for i in 1 2 3
do echo "n $i"
done

## while read over lines
printf '1\n2\n' | while read -r l
do
  echo "got $l"
done

## if over lines
#: shells bash dash
if [ 1 = 1 ]
then
  echo yes
else
  echo no
fi

## case over lines
#: shells bash dash
x=b
case $x in
  a) echo A ;;
  b) echo B ;;
esac

## a line ending in a backslash
#: shells bash dash
echo one \
two \
three

## an open double quote spans lines
#: shells bash dash
echo "first
second"

## an open single quote spans lines
echo 'a
b'

## a pipeline continued after |
echo hello |
tr a-z A-Z

## && at the end of a line
true &&
echo continued

## a function body over lines
#: differs-dash posix-functions
#: shells bash dash
f() {
  echo in f
}
f

## a subshell over lines
(
  cd /
  pwd
)

## an array over lines
a=(one
two
three)
echo "${#a[@]}"

## $(...) over lines
x=$(
echo inside
)
echo "$x"

## an unterminated quote at the end of input
echo fine
echo "never closed
