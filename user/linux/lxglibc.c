/* An ordinary C program, built with the stock i686-linux-gnu-gcc -static (glibc): it runs unmodified. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char buf[64];
	snprintf(buf, sizeof buf, "%s has %d argument(s)", argv[0], argc - 1);
	printf("lxglibc: hello from glibc; %s; pid %d; strlen %zu\n", buf, (int)getpid(), strlen(buf));
	return 0;
}
