#!/usr/bin/env python3
"""
ext2_tree.py DIR SEED [big]: a deterministic tree for the ext2 tests (the
images are made from it with mke2fs -d): files of random content whose sizes
sit on both sides of each block-map threshold (the 12 direct blocks, the
single and double indirect blocks, at 1 KiB and 4 KiB blocks), subfolders, a
directory of many entries, fast and slow symlinks. `big` adds files of
4 and 5 MiB (the double indirect blocks at 4 KiB blocks).
"""
import os
import random
import sys

K = 1 << 10
APB = K // 4   # block numbers in a 1 KiB indirect block


def sizes(rng, big):
    edge = [0, 1, K // 2 - 1, K - 1, K, K + 1, 4 * K - 1, 4 * K, 12 * K, 12 * K + 1, 48 * K, 48 * K + 1,
            (12 + APB) * K, (12 + APB) * K + 1, 300 * K]
    edge += [rng.randrange(0, 64 * K) for _ in range(8)] + [rng.randrange(64 * K, 600 * K) for _ in range(2)]
    if big:
        edge += [(4 * K + 48) * K + 1, 5 * K * K - 3, rng.randrange(K * K, 3 * K * K)]
    return edge


def make(root, seed, big=False):
    rng = random.Random(seed)
    os.makedirs(root, exist_ok=True)
    for i, n in enumerate(sizes(rng, big)):
        sub = os.path.join(root, ["", "a", "a/b", "c"][i % 4])
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, f"f{i:02d}_{n}"), "wb") as f:
            f.write(rng.randbytes(n))
    many = os.path.join(root, "many")
    os.makedirs(many, exist_ok=True)
    for i in range(150):
        with open(os.path.join(many, f"entry-with-a-long-name-{i:04d}"), "wb") as f:
            f.write(rng.randbytes(rng.randrange(0, 64)))
    os.symlink("a/b", os.path.join(root, "fastlink"))
    os.symlink("x" * 100 + "/slow/target", os.path.join(root, "slowlink"))
    os.makedirs(os.path.join(root, "empty"), exist_ok=True)


if __name__ == "__main__":
    make(sys.argv[1], int(sys.argv[2]), len(sys.argv) > 3 and sys.argv[3] == "big")
