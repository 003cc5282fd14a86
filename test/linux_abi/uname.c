/* uname(2): the fields a program tests; the ones that name this kernel are masked ('~'). */
#include "abi.h"
#include <sys/utsname.h>

int main(void)
{
	struct utsname u;
	printf("uname: %d\n", uname(&u));
	printf("sysname=%s\n", u.sysname);
	printf("machine=%s\n", u.machine);
	printf("~nodename=%s\n", u.nodename);
	printf("~release=%s\n", u.release);
	printf("~version=%s\n", u.version);
	CHECK("release starts with a digit", u.release[0] >= '0' && u.release[0] <= '9');
	EXPECT_FAIL("uname(NULL)", uname(NULL));
	return 0;
}
