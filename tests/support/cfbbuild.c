/*
 * cfbbuild.c — see cfbbuild.h. Layout: sector 0 the FAT, sector 1 the
 * directory (root and up to three streams, siblings to the right of one
 * another), then each stream's sectors in a chain of its own.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "support/cfbbuild.h"

#define SECTOR 512
#define MAX_SECTORS 120
#define FREE_SECT 0xFFFFFFFFu
#define END_OF_CHAIN 0xFFFFFFFEu
#define FAT_SECT 0xFFFFFFFDu
#define NO_STREAM 0xFFFFFFFFu

static void put16(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, uint32_t v)
{
    put16(p, v & 0xFFFF);
    put16(p + 2, v >> 16);
}

/* Directory entry e: name (ASCII), type, right sibling, child, start, size */
static void entry(unsigned char *e, const char *name, int type, uint32_t right, uint32_t child, uint32_t start,
                  uint32_t size)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < n && i < 31; i++)
        put16(e + 2 * i, (unsigned char)name[i]);
    put16(e + 0x40, (uint32_t)(2 * (n + 1)));
    e[0x42] = (unsigned char)type;
    e[0x43] = 1; /* black */
    put32(e + 0x44, NO_STREAM);
    put32(e + 0x48, right);
    put32(e + 0x4C, child);
    put32(e + 0x74, start);
    put32(e + 0x78, size);
}

int nl_test_cfb_build(const char *const *names, const unsigned char *const *data, const size_t *lens, size_t n,
                      unsigned char **out, size_t *outlen)
{
    size_t secs[3], total = 2;
    if (n > 3)
        return -1;
    for (size_t i = 0; i < n; i++) {
        size_t len = lens[i] < 4096 ? 4096 : lens[i];
        secs[i] = (len + SECTOR - 1) / SECTOR;
        total += secs[i];
    }
    if (total > MAX_SECTORS)
        return -1;
    unsigned char *f = calloc(1, SECTOR * (total + 1));
    if (!f)
        return -1;
    static const unsigned char sig[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    memcpy(f, sig, 8);
    put16(f + 0x18, 0x3E);
    put16(f + 0x1A, 3);
    put16(f + 0x1C, 0xFFFE);
    put16(f + 0x1E, 9);
    put16(f + 0x20, 6);
    put32(f + 0x2C, 1);            /* one FAT sector */
    put32(f + 0x30, 1);            /* the directory in sector 1 */
    put32(f + 0x38, 4096);         /* mini stream cutoff */
    put32(f + 0x3C, END_OF_CHAIN); /* no mini FAT */
    put32(f + 0x44, END_OF_CHAIN); /* no DIFAT sectors */
    for (int k = 0; k < 109; k++)
        put32(f + 0x4C + 4 * k, k == 0 ? 0 : FREE_SECT);
    unsigned char *fat = f + SECTOR, *dir = f + 2 * SECTOR;
    for (size_t k = 0; k < SECTOR / 4; k++)
        put32(fat + 4 * k, FREE_SECT);
    put32(fat, FAT_SECT);
    put32(fat + 4, END_OF_CHAIN);
    entry(dir, "Root Entry", 5, NO_STREAM, n ? 1 : NO_STREAM, END_OF_CHAIN, 0);
    uint32_t next = 2;
    for (size_t i = 0; i < n; i++) {
        /* (a stream shorter than the cutoff is recorded at the cutoff, zero-padded) */
        entry(dir + 128 * (i + 1), names[i], 2, i + 1 < n ? (uint32_t)(i + 2) : NO_STREAM, NO_STREAM, next,
              (uint32_t)(lens[i] < 4096 ? 4096 : lens[i]));
        memcpy(f + SECTOR * (next + 1), data[i], lens[i]);
        for (size_t k = 0; k < secs[i]; k++, next++)
            put32(fat + 4 * next, k + 1 < secs[i] ? next + 1 : END_OF_CHAIN);
    }
    *out = f;
    *outlen = SECTOR * (total + 1);
    return 0;
}
