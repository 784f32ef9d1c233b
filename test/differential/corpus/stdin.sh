# A line's standard input.

## read from the typed lines
read -r line
typed-as-data
echo "[$line]"

## cat with no input
cat
echo after-cat

## a here-document as input is fine
read -r x <<EOF
given
EOF
echo "$x"

## stdin redirected from a file
echo content > in.txt
read -r y < in.txt
echo "$y"
