/*
 * yaml.h — reading YAML into a small tree (internal). A thin wrapper so that
 * libyaml's header stays in lib/rules/yaml.c. Only what rule packs need:
 * mappings, sequences and scalars, each with the 1-based line and column where
 * it starts. Anchors and aliases are refused (rule files have no use for them,
 * and refusing them rules out "billion laughs").
 */
#ifndef NL_RULES_YAML_H
#define NL_RULES_YAML_H

#include <stddef.h>
#include "normlint/core.h"

typedef enum nl_ykind { NL_Y_SCALAR, NL_Y_MAP, NL_Y_SEQ } nl_ykind;

typedef struct nl_ynode nl_ynode;
struct nl_ynode {
    nl_ykind kind;
    char *str;     /* scalar value (NUL-terminated UTF-8); NULL for collections */
    size_t len;
    int plain;     /* scalar written without quotes (so "null", "true" mean what they say) */
    unsigned long line, column;
    /* collections: children in order; for a map, keys[i] -> items[i] */
    nl_ynode **keys, **items;
    size_t n, cap;
};

/* Parse `text` (the whole file). The document root is returned in *out (NULL
 * for an empty file). On a syntax error returns NL_ERR_RULE with the message,
 * line and column in err (path set to `name`). */
nl_status nl_yaml_parse(nl_ynode **out, const char *name, const char *text, size_t len, nl_error *err);
/* The same, through the cache folder dir (core/cache.h; NULL: none): a text parsed before
 * gives the tree it gave then without being parsed again. Errors are not
 * cached. For the rule files, read on every start. */
nl_status nl_yaml_parse_cached(nl_ynode **out, const char *dir, const char *name, const char *text, size_t len,
                              nl_error *err);
void nl_yaml_free(nl_ynode *n);

/* Set err to a rule error of the file `path` at node n (its line and column;
 * n may be NULL) with a printf-style message. Returns NL_ERR_RULE. */
nl_status nl_yaml_error(nl_error *err, const char *path, const nl_ynode *n, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* The value of `key` in a mapping, or NULL. */
const nl_ynode *nl_yaml_get(const nl_ynode *map, const char *key);

#endif
