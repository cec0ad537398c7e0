/*
 * zipbuild.h — test support: a ZIP archive made in memory from members, for
 * fixtures (unit tests), fuzz inputs (fuzz_office) and the benchmark corpus.
 * Not part of the library: it is nl_zip_rewrite of an empty archive.
 */
#ifndef NL_TESTS_ZIPBUILD_H
#define NL_TESTS_ZIPBUILD_H

#include "load/zip.h"

/* An archive of the n members (names[i], data[i], lens[i]), deflated, in the
 * order given. *out is malloc'd (free it). */
nl_status nl_test_zip_build(const char *const *names, const char *const *data, const size_t *lens, size_t n,
                            unsigned char **out, size_t *outlen, nl_error *err);

#endif
