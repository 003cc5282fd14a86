/*
 * The kernel command line's options, written once: the validator
 * (cmdline_check, cmdline_parse.c), the ABI description (abi.json's
 * `cmdline` group) and, through that, the test that README's "Kernel command
 * line" section lists exactly these (test/suite_abi.py) all expand this list.
 *
 * X(name, kind, values): values is, for CMDLINE_ONE_OF and CMDLINE_LIST_OF,
 * every accepted value, each followed by a comma; for CMDLINE_PROGRAM(S) the
 * syntax README shows; "" for a flag.
 */
#ifndef KERNEL_CMDLINE_OPTIONS_H
#define KERNEL_CMDLINE_OPTIONS_H

#include "kernel/selftest.h"

enum cmdline_kind {
	CMDLINE_FLAG = 0,       /* a bare word: `testexit` */
	CMDLINE_ONE_OF = 1,     /* key=value, value one of `values`: `gatereturn=iret` */
	CMDLINE_LIST_OF = 2,    /* key=v,v...: at least one, each one of `values` */
	CMDLINE_PROGRAMS = 3,   /* key=prog[:arg...][,prog...]: each prog in the initrd */
	CMDLINE_PROGRAM = 4,    /* key=prog[:arg...]: prog in the initrd */
};

#define SELFTEST_NAME(name, fn) #name ","

#define CMDLINE_OPTIONS(X) \
	X(run,         CMDLINE_PROGRAMS, "prog[:arg...][,prog...]") \
	X(init,        CMDLINE_PROGRAM,  "prog[:arg...]") \
	X(gatereturn,  CMDLINE_ONE_OF,   "iret,sysexit,") \
	X(doors,       CMDLINE_FLAG,     "") \
	X(vdso,        CMDLINE_ONE_OF,   "gate,int80,sysenter,callgate,") \
	X(testexit,    CMDLINE_FLAG,     "") \
	X(poweroff,    CMDLINE_FLAG,     "") \
	X(gatelog,     CMDLINE_FLAG,     "") \
	X(gatecount,   CMDLINE_FLAG,     "") \
	X(gatedecline, CMDLINE_FLAG,     "") \
	X(linuxlog,    CMDLINE_FLAG,     "") \
	X(selftest,    CMDLINE_LIST_OF,  SELFTESTS(SELFTEST_NAME, SELFTEST_NAME)) \
	X(nosmep,      CMDLINE_FLAG,     "") \
	X(nosmap,      CMDLINE_FLAG,     "")

#endif
