# busybox applets that start programs through libbb's spawn (vfork, then exec; a failed exec
# sets a flag in the parent's memory, which the parent reads: the child shares it): xargs and
# find -exec, a program that runs and one that cannot be exec'd.
cd /abi/data || exit 1
printf 'hello.txt\n' | xargs cat
echo "xargs cat: $?"
printf 'a\nb\n' | xargs nosuchprog 2>&1
echo "xargs of a missing program: $?"
printf 'x\n' | xargs /abi/data/dir 2>&1
echo "xargs of a folder: $?"
find . -name hello.txt -exec cat {} \;
echo "find -exec cat: $?"
find . -name hello.txt -exec nosuchprog {} \; 2>&1
echo "find -exec of a missing program: $?"
find dir -name a -exec ls {} + 2>&1
echo "find -exec +: $?"
printf 'x\ny\n' | xargs -n1 sh -c 'echo "arg $0"; exit 3' 2>&1
echo "xargs of a failing sh: $?"
