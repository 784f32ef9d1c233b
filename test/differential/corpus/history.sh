# history and !!: smsh keeps its history in the client (Up, Ctrl+R in the Ink shell).

## history lists the typed lines
#: differs history
echo one
history | wc -l

## !! repeats the last line
#: differs history
echo again
!!

## !$ is the last word
#: differs history
echo first last
echo !$

## a ! inside single quotes is text
echo 'wow!'

## a ! inside double quotes followed by a space
echo "hi! there"
