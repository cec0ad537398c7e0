/*
 * zip.h — reading members of a ZIP archive held in memory (internal). A thin
 * wrapper so that the headers of libzip and libdeflate stay in lib/load/zip.c.
 * Every read is bounded: entry count, uncompressed size per entry and in
 * total, and the compression ratio, so a ZIP bomb is refused before it is
 * inflated.
 */
#ifndef NL_LOAD_ZIP_H
#define NL_LOAD_ZIP_H

#include <stddef.h>
#include "normlint/core.h"

typedef struct nl_zip nl_zip;

typedef struct nl_zip_limits {
    size_t max_entries;     /* default 10,000 */
    size_t max_entry_size;  /* uncompressed bytes per member, default 256 MiB */
    size_t max_total_size;  /* uncompressed bytes read from the archive in all, default 512 MiB */
    unsigned max_ratio;     /* uncompressed/compressed, default 200 */
} nl_zip_limits;

/* Open the archive in data[0..len) (borrowed; must outlive the nl_zip).
 * NL_ERR_PARSE for a truncated or corrupt archive, NL_ERR_UNSUPPORTED for an
 * encrypted one or one with too many entries. */
nl_status nl_zip_open(nl_zip **out, const char *path, const unsigned char *data, size_t len,
                      const nl_zip_limits *limits, nl_error *err);
void nl_zip_close(nl_zip *z);

/* 1 if the archive has a member of this exact name. */
int nl_zip_has(const nl_zip *z, const char *name);

/* The stored name of the member called `name` when ASCII case is ignored
 * (an exact match first), or NULL. Borrowed from the archive. */
const char *nl_zip_find(const nl_zip *z, const char *name);

/* Read a member into a malloc'd NUL-terminated buffer (*out, *outlen without
 * the NUL). NL_ERR_IO with "missing" in the message when absent (callers that
 * accept absence test nl_zip_has first); NL_ERR_TOO_LARGE past the limits;
 * NL_ERR_PARSE when the member is corrupt. */
nl_status nl_zip_read(nl_zip *z, const char *name, char **out, size_t *outlen, nl_error *err);

/* A copy of the archive in[0..inlen) with the members names[i] replaced by
 * (or, when absent, added with) data[i]; every other member is copied as it
 * is, compressed bytes and all (nothing is recompressed). */
nl_status nl_zip_rewrite(const unsigned char *in, size_t inlen, const char *const *names, const char *const *data,
                         const size_t *lens, size_t n, unsigned char **out, size_t *outlen, nl_error *err);

/* 1 if data starts like a ZIP archive (local file header or empty archive). */
int nl_zip_magic(const unsigned char *data, size_t len);

#endif
