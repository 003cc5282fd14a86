/* help: readline: read one line from the console and echo it */
/* Reads one line from the console (serial or keyboard) and echoes it back. */
#include "ulib.h"

int main(void)
{
	char line[128];
	size_t n = 0;
	printf("readline: type a line\n");
	while (n < sizeof line - 1) {
		long r = sys_read(STDIN_FD, line + n, 1);
		if (is_err(r) || r == 0)
			return 1;
		if (line[n] == '\n')
			break;
		n++;
	}
	line[n] = '\0';
	printf("readline: got \"%s\"\n", line);
	return 0;
}
