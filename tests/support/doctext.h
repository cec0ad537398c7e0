/*
 * doctext.h — test support: a document's lines in one string, for the
 * loader tests to compare with what they expect.
 */
#ifndef NL_TESTS_DOCTEXT_H
#define NL_TESTS_DOCTEXT_H

#include "normlint/doc.h"

/* The document's model lines joined with "|", in a static buffer that the
 * next call overwrites (cut at 64 KiB). */
const char *nl_test_joined(const nl_doc *d);

#endif
