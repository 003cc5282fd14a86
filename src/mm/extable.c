/* The exception table: pairs (faulting instruction, fixup) emitted by uaccess code. */
#include "mm/uaccess.h"

struct extable_entry {
	uint32_t insn, fixup;
};

extern const struct extable_entry __start_ex_table[], __stop_ex_table[];

uint32_t extable_fixup(uint32_t eip)
{
	for (const struct extable_entry *e = __start_ex_table; e < __stop_ex_table; e++)
		if (e->insn == eip)
			return e->fixup;
	return 0;
}
