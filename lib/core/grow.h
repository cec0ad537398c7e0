/*
 * grow.h — room for one more element in a growing array (internal).
 *
 *   if (nl_grow((void **)&a->items, &a->cap, a->n, sizeof *a->items, 16) != 0)
 *       return NL_ERR_NOMEM;
 *   a->items[a->n++] = item;
 *
 * When n == *cap the array doubles (to `first` elements the first time); on
 * failure it is left as it was.
 */
#ifndef NL_CORE_GROW_H
#define NL_CORE_GROW_H

#include <stddef.h>

int nl_grow(void **p, size_t *cap, size_t n, size_t elem, size_t first);

/* Room for `need` elements: the array doubles (from `first`) until it holds
   them; the new elements are not initialised. 0, or -1 (array unchanged) on
   overflow or when out of memory. nl_grow is nl_reserve(p, cap, n + 1, …). */
int nl_reserve(void **p, size_t *cap, size_t need, size_t elem, size_t first);

#endif
