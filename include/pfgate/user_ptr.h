/*
 * Address-space annotations, as Linux's compiler_types.h has them.
 *
 * `__user` marks a pointer into user memory: for the compiler (and for user
 * code, where every pointer is a user pointer) it means nothing, but under
 * sparse (`make check`, which defines __CHECKER__) such a pointer may not be
 * dereferenced (noderef) and does not convert to or from a kernel pointer
 * (its own address space). `__force` marks the few casts that cross on
 * purpose; the kernel has them only inside the user-access primitives
 * (src/mm/uaccess.h, uaccess.c).
 */
#ifndef PFGATE_USER_PTR_H
#define PFGATE_USER_PTR_H

#ifdef __CHECKER__
#define __user  __attribute__((noderef, address_space(__user)))
#define __force __attribute__((force))
#else
#define __user
#define __force
#endif

#endif
