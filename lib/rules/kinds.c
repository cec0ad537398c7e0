/*
 * kinds.c — the registry of rule kinds: one row per kind.
 */
#include <string.h>

#include "rules/kind.h"

static const nl_kind *const kinds[] = {&nl_kind_pattern, &nl_kind_require, &nl_kind_dates, &nl_kind_numbering,
                                       &nl_kind_citation};

const nl_kind *nl_kind_find(const char *name)
{
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kinds[i]->name, name) == 0)
            return kinds[i];
    return NULL;
}

const char *nl_kind_names(void) { return "pattern, require, dates, numbering, citation"; }
