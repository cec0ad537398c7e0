/*
 * arena.c — chunked bump allocation. Chunks grow to 64 KiB; a request larger
 * than a chunk gets a chunk of its own. Objects (nl_arena_alloc) are aligned
 * and zeroed because every caller wants zero-initialised structs; text
 * (nl_arena_bytes, nl_arena_strn) is packed as it comes.
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

/* `size` bytes at the current chunk's end (a new chunk when it lacks them). */
static unsigned char *take(nl_arena *a, size_t size)
{
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
    unsigned char *p = c->data + c->used;
    c->used += size;
    return p;
}

void *nl_arena_alloc(nl_arena *a, size_t size)
{
    const size_t align = alignof(max_align_t);
    size = (size + align - 1) & ~(align - 1);
    /* text taken before may have left the chunk's end unaligned */
    nl_arena_chunk *c = a->head;
    if (c && c->used % align)
        c->used = c->used + align - c->used % align < c->cap ? c->used + align - c->used % align : c->cap;
    unsigned char *p = take(a, size);
    if (p)
        memset(p, 0, size);
    return p;
}

char *nl_arena_bytes(nl_arena *a, size_t size) { return (char *)take(a, size); }

const char *nl_arena_strn(nl_arena *a, const char *s, size_t n)
{
    char *p = nl_arena_bytes(a, n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
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
