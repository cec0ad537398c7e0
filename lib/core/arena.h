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

/* `size` bytes for text: neither aligned nor zeroed (a finding's message,
   excerpt and address are packed one after another). NULL when out of memory. */
char *nl_arena_bytes(nl_arena *a, size_t size);

/* A NUL-terminated copy of s[0..n) in the arena, or NULL when out of memory. */
const char *nl_arena_strn(nl_arena *a, const char *s, size_t n);

/* Release every chunk; the arena is empty and reusable afterwards. */
void nl_arena_free(nl_arena *a);

#endif
