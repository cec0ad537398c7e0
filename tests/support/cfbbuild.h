/*
 * cfbbuild.h — test support: an OLE2 compound file (version 3, 512-byte
 * sectors) made in memory from named streams, for the unit tests and fuzz
 * seeds of the legacy Word loader. Each stream is kept in regular sectors
 * (one shorter than the 4096-byte mini-stream cutoff is padded with zeros
 * to it), so no mini stream is made;
 * at most 3 streams and 120 sectors in all.
 */
#ifndef NL_TESTS_CFBBUILD_H
#define NL_TESTS_CFBBUILD_H

#include <stddef.h>

/* The compound file of the n streams (names[i], data[i], lens[i]) into *out
 * (malloc'd: free it); 0, or -1 when they do not fit or memory runs out. */
int nl_test_cfb_build(const char *const *names, const unsigned char *const *data, const size_t *lens, size_t n,
                      unsigned char **out, size_t *outlen);

#endif
