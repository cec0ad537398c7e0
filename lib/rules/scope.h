/*
 * scope.h — scope units of a document (internal).
 */
#ifndef NL_RULES_SCOPE_H
#define NL_RULES_SCOPE_H

#include "rules/kind.h"

/* The units of scope `sc` in document order. *out is malloc'ed (free it);
 * NULL with *n == 0 when the document has none. NL_ERR_NOMEM only. */
nl_status nl_scope_units(const nl_doc *doc, nl_scope sc, nl_unit **out, size_t *n);

#endif
