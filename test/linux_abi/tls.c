/* Thread-local storage: __thread variables initialised and zeroed, separate from globals;
 * errno is one of them; a fork's child has its own copy. */
#include "abi.h"
#include <sys/wait.h>
#include <unistd.h>

static __thread int counter = 42;
static __thread char zeroed[100];
static __thread long long big = 0x123456789abcdefLL;
static int global = 7;

int main(void)
{
	printf("counter: %d\n", counter);
	int z = 1;
	for (int i = 0; i < 100; i++)
		z &= zeroed[i] == 0;
	CHECK("zeroed", z);
	printf("big: %llx\n", big);
	counter++;
	zeroed[99] = 'x';
	printf("counter now: %d, global %d\n", counter, global);
	CHECK("a TLS address is not a global's", (void *)&counter != (void *)&global);
	errno = 0;
	close(-1);
	printf("errno (TLS) after close(-1): %s\n", errname(errno));
	pid_t pid = fork();
	if (pid == 0) {
		counter += 100;
		_exit(counter & 0xff);
	}
	int status;
	waitpid(pid, &status, 0);
	printf("child's counter: %d, parent's: %d\n", WEXITSTATUS(status), counter);
	return 0;
}
