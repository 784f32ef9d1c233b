# Here-documents and here-strings.

## a here-document
#: shells bash dash
cat <<EOF
line one
line two
EOF

## a quoted here-document does not expand
#: shells bash dash
cat <<'EOF'
$HOME `date` $(echo no)
EOF

## <<- strips leading tabs
#: shells bash dash
cat <<-EOF
	tabbed
		twice
	EOF

## two here-documents on one line
#: shells bash dash
cat <<A; cat <<B
from a
A
from b
B

## a here-document into a pipeline
cat <<EOF | tr a-z A-Z
shout
EOF

## a here-string
read -r w <<<"here string"
echo "$w"

## a here-document in a function kept for the next line
show() {
cat <<EOF
in function $1
EOF
}
show x

## a here-document into a variable
v=$(cat <<EOF
captured
EOF
)
echo "[$v]"

## a here-document whose end never comes
#: differs-bash lineno
#: shells bash dash
cat <<EOF
text
