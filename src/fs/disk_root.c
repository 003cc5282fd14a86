/* The ext2 instance mounted from the disk (fs/disk_root.h). */
#include "fs/disk_root.h"
#include <stddef.h>

static struct ext2_fs *root;

struct ext2_fs *disk_root(void) { return root; }
void disk_root_set(struct ext2_fs *fs) { root = fs; }
