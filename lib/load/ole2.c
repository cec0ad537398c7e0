/*
 * ole2.c — classifying an OLE2 compound file (ole2.h) from its header,
 * sector allocation table (FAT) and directory, as [MS-CFB] lays them out:
 * a 512-byte header, sectors of 512 (version 3) or 4096 bytes (version 4),
 * the FAT's own sectors listed by the header's DIFAT and its DIFAT chain,
 * 128-byte directory entries whose names are UTF-16LE, and streams shorter
 * than the cutoff (4096 bytes) kept in 64-byte mini sectors inside the root
 * entry's mini stream.
 */
#include <stdint.h>
#include <string.h>

#include "load/ole2.h"

#define END_OF_CHAIN 0xFFFFFFFEu
#define DIFAT_IN_HEADER 109
#define MAX_DIR_SECTORS 4096 /* 16,384 entries or more: no document has as many */
#define FIB_ENCRYPTED 0x0100u  /* FibBase.fEncrypted */
#define FIB_OBFUSCATED 0x8000u /* FibBase.fObfuscated (XOR obfuscation, also with a password) */

static const unsigned char signature[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

typedef struct cfb {
    const unsigned char *d;
    size_t len;
    size_t ssz;   /* sector size */
    size_t nsec;  /* sectors the bytes hold (after the header) */
    uint32_t nfat; /* FAT sectors */
    uint32_t difat_first, ndifat;
    uint32_t cutoff;
    uint32_t mini_start; /* the root entry's mini stream */
} cfb;

static uint32_t u16(const unsigned char *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t u32(const unsigned char *p) { return u16(p) | u16(p + 2) << 16; }

int nl_ole2_magic(const unsigned char *data, size_t len)
{
    return len >= sizeof signature && memcmp(data, signature, sizeof signature) == 0;
}

/* The bytes of sector s, or NULL when s is not a sector of the file. */
static const unsigned char *sector(const cfb *c, uint32_t s)
{
    return s < c->nsec ? c->d + (size_t)(s + 1) * c->ssz : NULL;
}

/* The k-th FAT sector's number (k < nfat), or END_OF_CHAIN when the DIFAT
   does not say. */
static uint32_t fat_sector(const cfb *c, uint32_t k)
{
    if (k < DIFAT_IN_HEADER)
        return u32(c->d + 0x4C + 4 * (size_t)k);
    k -= DIFAT_IN_HEADER;
    uint32_t per = (uint32_t)(c->ssz / 4) - 1; /* the last entry links to the next DIFAT sector */
    uint32_t s = c->difat_first;
    for (uint32_t hop = 0; hop < c->ndifat && hop <= c->nsec; hop++) {
        const unsigned char *p = sector(c, s);
        if (!p)
            return END_OF_CHAIN;
        if (k < per)
            return u32(p + 4 * (size_t)k);
        k -= per;
        s = u32(p + 4 * (size_t)per);
    }
    return END_OF_CHAIN;
}

/* The sector after s in its chain, or END_OF_CHAIN (also for anything that
   is not a sector). */
static uint32_t next_sector(const cfb *c, uint32_t s)
{
    uint32_t per = (uint32_t)(c->ssz / 4);
    if (s >= c->nsec || s / per >= c->nfat)
        return END_OF_CHAIN;
    const unsigned char *f = sector(c, fat_sector(c, s / per));
    return f ? u32(f + 4 * (size_t)(s % per)) : END_OF_CHAIN;
}

/* The address of byte `off` of the stream whose chain starts at s (n bytes
   wanted from there, within one sector), or NULL. */
static const unsigned char *stream_at(const cfb *c, uint32_t s, size_t off, size_t n)
{
    if (off % c->ssz + n > c->ssz || off / c->ssz > c->nsec)
        return NULL;
    for (size_t hop = off / c->ssz; hop > 0; hop--) {
        s = next_sector(c, s);
        if (s == END_OF_CHAIN)
            return NULL;
    }
    const unsigned char *p = sector(c, s);
    return p ? p + off % c->ssz : NULL;
}

/* 1 when directory entry e is called `name` (ASCII) */
static int named(const unsigned char *e, const char *name)
{
    size_t n = strlen(name), bytes = u16(e + 0x40);
    if (bytes != 2 * (n + 1))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (u16(e + 2 * i) != (unsigned char)name[i])
            return 0;
    return 1;
}

/* The flags of the Word file information block of the WordDocument stream
   described by entry e, or -1 when it cannot be read. */
static long fib_flags(const cfb *c, const unsigned char *e)
{
    uint32_t start = u32(e + 0x74), size = u32(e + 0x78);
    const unsigned char *fib;
    if (size < 12)
        return -1;
    if (size >= c->cutoff)
        fib = stream_at(c, start, 0, 12);
    else /* a mini stream sector of 64 bytes: in the root entry's mini stream */
        fib = (size_t)start * 64 <= SIZE_MAX / 2 ? stream_at(c, c->mini_start, (size_t)start * 64, 12) : NULL;
    if (!fib || (u16(fib) != 0xA5EC && u16(fib) != 0xA5DC))
        return -1; /* no Word 97–2003 (or Word 6/95) magic */
    return (long)u16(fib + 0x0A);
}

/* The header read into c; 0 when it does not hold together. */
static int read_header(cfb *c, const unsigned char *d, size_t len)
{
    if (len < 512 || !nl_ole2_magic(d, len) || u16(d + 0x1C) != 0xFFFE)
        return 0;
    uint32_t shift = u16(d + 0x1E);
    if (shift != 9 && shift != 12)
        return 0;
    c->d = d;
    c->len = len;
    c->ssz = (size_t)1 << shift;
    c->nsec = len / c->ssz ? len / c->ssz - 1 : 0;
    c->nfat = u32(d + 0x2C);
    c->difat_first = u32(d + 0x44);
    c->ndifat = u32(d + 0x48);
    c->cutoff = u32(d + 0x38);
    return c->nfat > 0 && c->nfat <= c->nsec && c->cutoff == 4096;
}

nl_ole2_kind nl_ole2_classify(const unsigned char *data, size_t len)
{
    cfb c;
    if (!nl_ole2_magic(data, len))
        return NL_OLE2_NONE;
    if (!read_header(&c, data, len))
        return NL_OLE2_BROKEN;
    int word = 0, excel = 0, ppt = 0, encinfo = 0, encpkg = 0, entries = 0;
    long flags = -1;
    uint32_t s = u32(data + 0x30);
    for (size_t hop = 0; s != END_OF_CHAIN; hop++, s = next_sector(&c, s)) {
        const unsigned char *p = sector(&c, s);
        if (!p || hop > c.nsec || hop >= MAX_DIR_SECTORS)
            return NL_OLE2_BROKEN; /* off the file, or a chain that loops */
        for (size_t off = 0; off + 128 <= c.ssz; off += 128) {
            const unsigned char *e = p + off;
            unsigned type = e[0x42];
            if (type == 0)
                continue; /* unused */
            if (entries++ == 0) {
                if (type != 5)
                    return NL_OLE2_BROKEN; /* the first entry is the root */
                c.mini_start = u32(e + 0x74);
                continue;
            }
            if (type != 2)
                continue; /* storages: what matters is in streams */
            if (named(e, "WordDocument")) {
                word = 1;
                flags = fib_flags(&c, e);
            }
            excel |= named(e, "Workbook") || named(e, "Book");
            ppt |= named(e, "PowerPoint Document");
            encinfo |= named(e, "EncryptionInfo");
            encpkg |= named(e, "EncryptedPackage");
        }
    }
    if (entries == 0)
        return NL_OLE2_BROKEN;
    if (encinfo && encpkg)
        return NL_OLE2_OOXML_ENCRYPTED;
    if (word)
        return flags < 0 ? NL_OLE2_BROKEN
               : (flags & (FIB_ENCRYPTED | FIB_OBFUSCATED)) ? NL_OLE2_WORD_ENCRYPTED
                                                            : NL_OLE2_WORD;
    return excel ? NL_OLE2_EXCEL : ppt ? NL_OLE2_POWERPOINT : NL_OLE2_OTHER;
}
