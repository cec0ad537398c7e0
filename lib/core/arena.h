/*
 * arena.h — a bump allocator (internal). Objects live until the arena is
 * freed; nothing is freed one by one. Documents keep their nodes here so that
 * one nl_doc_free() releases the whole tree and node pointers never move.
 */
#ifndef NL_CORE_ARENA_H
#define NL_CORE_ARENA_H

#include <stddef.h>

typedef struct nl_arena_chunk nl_arena_chunk;
typedef struct nl_arena {
    nl_arena_chunk *head;
} nl_arena;

/* Zeroed memory of `size` bytes aligned for any object, or NULL when out of memory. */
void *nl_arena_alloc(nl_arena *a, size_t size);

/* Release every chunk; the arena is empty and reusable afterwards. */
void nl_arena_free(nl_arena *a);

#endif
