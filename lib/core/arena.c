/*
 * arena.c — chunked bump allocation. Chunks grow to 64 KiB; a request larger
 * than a chunk gets a chunk of its own. Memory is zeroed on allocation because
 * every caller wants zero-initialised structs.
 */
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

struct nl_arena_chunk {
    nl_arena_chunk *next;
    size_t used, cap;
    alignas(max_align_t) unsigned char data[];
};

enum { CHUNK_SIZE = 64 * 1024 };

void *nl_arena_alloc(nl_arena *a, size_t size)
{
    const size_t align = alignof(max_align_t);
    size = (size + align - 1) & ~(align - 1);
    nl_arena_chunk *c = a->head;
    if (!c || c->cap - c->used < size) {
        size_t cap = size > CHUNK_SIZE ? size : CHUNK_SIZE;
        c = malloc(sizeof *c + cap);
        if (!c)
            return NULL;
        c->used = 0;
        c->cap = cap;
        c->next = a->head;
        a->head = c;
    }
    void *p = c->data + c->used;
    c->used += size;
    memset(p, 0, size);
    return p;
}

void nl_arena_free(nl_arena *a)
{
    nl_arena_chunk *c = a->head;
    while (c) {
        nl_arena_chunk *n = c->next;
        free(c);
        c = n;
    }
    a->head = NULL;
}
