/* Signals in the native libc: POSIX's names over the signal gates (pfgate/signal.h). */
#include "ulib.h"

typedef void (*sighandler_t)(int);

int sigaction(int sig, const struct pf_sigaction *act, struct pf_sigaction *oldact)
{
	long r = sys_sigaction(sig, act, oldact);
	return is_err(r) ? (int)r : 0;
}

sighandler_t signal(int sig, sighandler_t handler)
{
	struct pf_sigaction act = { (unsigned long)handler, 0, SA_RESTART, 0 }, old;
	if (is_err(sys_sigaction(sig, &act, &old)))
		return (sighandler_t)-1;   /* SIG_ERR */
	return (sighandler_t)old.sa_handler;
}

int sigprocmask(int how, const unsigned long *set, unsigned long *oldset)
{
	long r = sys_sigprocmask(how, set, oldset);
	return is_err(r) ? (int)r : 0;
}

int kill(int pid, int sig)
{
	long r = sys_killsig(pid, sig);
	return is_err(r) ? (int)r : 0;
}

int raise(int sig)
{
	return kill((int)sys_getpid(), sig);
}

static const char *const signal_names[NSIG_MAX + 1] = {
#define SIGNAL_NAME(name, num, dfl, text) [num] = #name,
	PFGATE_SIGNALS(SIGNAL_NAME)
#undef SIGNAL_NAME
};
static const char *const signal_texts[NSIG_MAX + 1] = {
#define SIGNAL_TEXT(name, num, dfl, text) [num] = text,
	PFGATE_SIGNALS(SIGNAL_TEXT)
#undef SIGNAL_TEXT
};

const char *strsignal(int sig)
{
	return sig > 0 && sig <= NSIG_MAX ? signal_texts[sig] : "unknown signal";
}

int signal_number(const char *name)
{
	unsigned long n;
	if (parse_ulong(name, &n))
		return n <= NSIG_MAX ? (int)n : -1;
	for (int sig = 1; sig <= NSIG_MAX; sig++)
		if (!strcmp(name, signal_names[sig]) || !strcmp(name, signal_names[sig] + 3))   /* "SIGINT" or "INT" */
			return sig;
	return -1;
}
