/* getpid, getppid and the ids, checked against each other: no pid is printed. */
#include "abi.h"
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	pid_t me = getpid();
	CHECK("getpid is positive", me > 0);
	CHECK("getpid is stable", getpid() == me);
	CHECK("syscall(SYS_getpid) agrees", syscall(SYS_getpid) == me);
	CHECK("getppid is positive", getppid() > 0);
	CHECK("getppid is not getpid", getppid() != me);
	int p[2];
	pipe(p);
	pid_t child = fork();
	if (child == 0) {
		pid_t mine[2] = { getpid(), getppid() };
		write(p[1], mine, sizeof mine);
		_exit(0);
	}
	pid_t theirs[2];
	read(p[0], theirs, sizeof theirs);
	waitpid(child, NULL, 0);
	CHECK("the child's getpid is fork's return", theirs[0] == child);
	CHECK("the child's getppid is the parent's getpid", theirs[1] == me);
	CHECK("the child's pid is new", child != me);
	printf("uid euid gid egid: %d %d %d %d\n", (int)getuid(), (int)geteuid(), (int)getgid(), (int)getegid());
	return 0;
}
