/*
 * yaml.c — libyaml's event parser turned into the nl_ynode tree of yaml.h.
 * Depth is capped so that a hostile file cannot exhaust the stack or memory
 * through nesting; aliases are refused.
 *
 * Parsed trees are also cached (nl_yaml_parse_cached): libyaml spent more
 * instructions on the bundled packs than the check of a typical draft does,
 * on every start. A tree is stored under the cache folder named by a hash of
 * the text it came from, with the text's length and a checksum, and read
 * back with every length and count checked against the file, so that a
 * damaged file is ignored (the text is parsed again), never trusted.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <yaml.h>

#include "core/cache.h"
#include "core/grow.h"
#include "core/strbuf.h"
#include "core/utf8.h"
#include "rules/yaml.h"

#define MAX_DEPTH 64

static nl_ynode *node_new(nl_ykind kind, const yaml_event_t *ev)
{
    nl_ynode *n = calloc(1, sizeof *n);
    if (!n)
        return NULL;
    n->kind = kind;
    n->line = (unsigned long)ev->start_mark.line + 1;
    n->column = (unsigned long)ev->start_mark.column + 1;
    return n;
}

void nl_yaml_free(nl_ynode *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->n; i++) {
        if (n->keys)
            nl_yaml_free(n->keys[i]);
        nl_yaml_free(n->items[i]);
    }
    free(n->keys);
    free(n->items);
    free(n->str);
    free(n);
}

/* Appends val (under key, for a mapping) to parent: 0, or -1 when out of
   memory (nothing appended). keys and items share the capacity cap. */
static int add_child(nl_ynode *parent, nl_ynode *key, nl_ynode *val)
{
    size_t cap = parent->cap;
    if (nl_grow((void **)&parent->items, &cap, parent->n, sizeof *parent->items, 8) != 0)
        return -1;
    if (parent->kind == NL_Y_MAP) {
        size_t keys_cap = parent->cap;
        if (nl_reserve((void **)&parent->keys, &keys_cap, cap, sizeof *parent->keys, 8) != 0)
            return -1;
    }
    parent->cap = cap;
    if (parent->kind == NL_Y_MAP)
        parent->keys[parent->n] = key;
    parent->items[parent->n++] = val;
    return 0;
}

typedef struct frame {
    nl_ynode *node;
    nl_ynode *pending_key; /* map: key read, value not yet */
} frame;

static nl_status fail_at(nl_error *err, const char *name, unsigned long line, unsigned long col, const char *msg)
{
    nl_error_set(err, NL_ERR_RULE, name, "%s", msg);
    if (err) {
        err->line = line;
        err->column = col;
    }
    return NL_ERR_RULE;
}

/* The tree being built: the collections still open, innermost last. */
typedef struct builder {
    frame stack[MAX_DEPTH + 1];
    int depth;
    nl_ynode *root;
    int docs; /* documents begun */
} builder;

/* NL_OK when text is UTF-8; else NL_ERR_RULE at the first bad byte. libyaml
   would say "invalid leading UTF-8 octet" at the start of the file; say where
   the bad byte is (and read no UTF-16 either). */
static nl_status check_utf8(nl_error *err, const char *name, const char *text, size_t len)
{
    size_t bad;
    if (nl_utf8_valid(text, len, &bad))
        return NL_OK;
    unsigned long line = 1, col = 1;
    for (size_t i = 0; i < bad; i++) {
        if (text[i] == '\n') {
            line++;
            col = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            col++;
        }
    }
    char msg[160];
    snprintf(msg, sizeof msg, "not valid UTF-8 (byte 0x%02X); save the file as UTF-8",
             (unsigned)(unsigned char)text[bad]);
    return fail_at(err, name, line, col, msg);
}

/* A new scalar node holding a copy of ev's value, or NULL (out of memory). */
static nl_ynode *scalar_new(const yaml_event_t *ev)
{
    nl_ynode *n = node_new(NL_Y_SCALAR, ev);
    if (!n)
        return NULL;
    n->str = malloc(ev->data.scalar.length + 1);
    if (!n->str) {
        free(n);
        return NULL;
    }
    memcpy(n->str, ev->data.scalar.value, ev->data.scalar.length);
    n->str[ev->data.scalar.length] = '\0';
    n->len = ev->data.scalar.length;
    n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    return n;
}

/* Places the finished node n (a scalar, or a closed collection) in the
   innermost open collection (a mapping's key first, then its value), or makes
   it the root. Owns n: on failure frees it and returns the error. */
static nl_status attach(builder *bd, nl_ynode *n, const char *name, nl_error *err)
{
    if (bd->depth == 0) {
        bd->root = n;
        return NL_OK;
    }
    frame *f = &bd->stack[bd->depth - 1];
    int rc;
    if (f->node->kind == NL_Y_MAP) {
        if (!f->pending_key) {
            if (n->kind != NL_Y_SCALAR) {
                nl_status st = fail_at(err, name, n->line, n->column, "a mapping key must be a plain value");
                nl_yaml_free(n);
                return st;
            }
            f->pending_key = n;
            return NL_OK;
        }
        rc = add_child(f->node, f->pending_key, n);
        if (rc == 0)
            f->pending_key = NULL;
    } else {
        rc = add_child(f->node, NULL, n);
    }
    if (rc != 0) {
        nl_yaml_free(n);
        return nl_error_set(err, NL_ERR_NOMEM, name, "out of memory");
    }
    return NL_OK;
}

/* Opens the new collection n (owned: freed on failure) inside the innermost
   one, unless that nests too deeply. */
static nl_status open_collection(builder *bd, nl_ynode *n, const char *name, nl_error *err)
{
    if (bd->depth == MAX_DEPTH) {
        nl_status st = fail_at(err, name, n->line, n->column, "YAML nested too deeply");
        nl_yaml_free(n);
        return st;
    }
    bd->stack[bd->depth].node = n;
    bd->stack[bd->depth].pending_key = NULL;
    bd->depth++;
    return NL_OK;
}

/* One parser event into the tree. The caller deletes the event. */
static nl_status take_event(builder *bd, const yaml_event_t *ev, const char *name, nl_error *err)
{
    nl_ynode *n;
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (++bd->docs > 1)
            return fail_at(err, name, (unsigned long)ev->start_mark.line + 1, (unsigned long)ev->start_mark.column + 1,
                           "a rule file holds one YAML document, not several");
        return NL_OK;
    case YAML_ALIAS_EVENT:
        return fail_at(err, name, (unsigned long)ev->start_mark.line + 1, (unsigned long)ev->start_mark.column + 1,
                       "YAML aliases (*name) are not allowed in rule files");
    case YAML_SCALAR_EVENT:
        if (!(n = scalar_new(ev)))
            return nl_error_set(err, NL_ERR_NOMEM, name, "out of memory");
        return attach(bd, n, name, err);
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT:
        if (!(n = node_new(ev->type == YAML_MAPPING_START_EVENT ? NL_Y_MAP : NL_Y_SEQ, ev)))
            return nl_error_set(err, NL_ERR_NOMEM, name, "out of memory");
        return open_collection(bd, n, name, err);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        return attach(bd, bd->stack[--bd->depth].node, name, err);
    default:
        return NL_OK;
    }
}

nl_status nl_yaml_parse(nl_ynode **out, const char *name, const char *text, size_t len, nl_error *err)
{
    *out = NULL;
    yaml_parser_t p;
    yaml_event_t ev;
    builder bd;
    bd.depth = 0;
    bd.root = NULL;
    bd.docs = 0;

    nl_status st = check_utf8(err, name, text, len);
    if (st != NL_OK)
        return st;
    if (!yaml_parser_initialize(&p))
        return nl_error_set(err, NL_ERR_NOMEM, name, "out of memory");
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    for (;;) {
        if (!yaml_parser_parse(&p, &ev)) {
            char msg[400];
            snprintf(msg, sizeof msg, "YAML syntax error: %s%s%s", p.problem ? p.problem : "unknown problem",
                     p.context ? " " : "", p.context ? p.context : "");
            st = fail_at(err, name, (unsigned long)p.problem_mark.line + 1, (unsigned long)p.problem_mark.column + 1,
                         msg);
            break;
        }
        if (ev.type == YAML_STREAM_END_EVENT) {
            yaml_event_delete(&ev);
            break;
        }
        st = take_event(&bd, &ev, name, err);
        yaml_event_delete(&ev);
        if (st != NL_OK)
            break;
    }
    /* free what is still on the stack (only on error) */
    while (bd.depth > 0) {
        frame *f = &bd.stack[--bd.depth];
        nl_yaml_free(f->pending_key);
        if (bd.depth == 0 && f->node == bd.root)
            bd.root = NULL;
        nl_yaml_free(f->node);
    }
    yaml_parser_delete(&p);
    if (st != NL_OK) {
        nl_yaml_free(bd.root);
        return st;
    }
    *out = bd.root;
    return NL_OK;
}

const nl_ynode *nl_yaml_get(const nl_ynode *map, const char *key)
{
    if (!map || map->kind != NL_Y_MAP)
        return NULL;
    for (size_t i = 0; i < map->n; i++)
        if (strcmp(map->keys[i]->str, key) == 0)
            return map->items[i];
    return NULL;
}

/* ---- the cache of parsed trees ----
 * File: TREE_MAGIC, the source text's length and the payload's checksum (8
 * bytes each, little-endian), then the payload: the root node, or the byte
 * NO_ROOT for a text without a document. A node is its kind and `plain`
 * (a byte each), line and column, then a scalar's length and bytes, or a
 * collection's count and children (a mapping's as key, value pairs). */

#define TREE_MAGIC "NLYT0001"
#define NO_ROOT 0xFF

static void put_u64(nl_buf *b, uint64_t v)
{
    char c[8];
    for (int i = 0; i < 8; i++)
        c[i] = (char)(v >> (8 * i));
    nl_buf_put(b, c, 8);
}

static void encode(nl_buf *b, const nl_ynode *n)
{
    char head[2] = {(char)n->kind, (char)(n->plain != 0)};
    nl_buf_put(b, head, 2);
    put_u64(b, n->line);
    put_u64(b, n->column);
    if (n->kind == NL_Y_SCALAR) {
        put_u64(b, n->len);
        nl_buf_put(b, n->str, n->len);
        return;
    }
    put_u64(b, n->n);
    for (size_t i = 0; i < n->n; i++) {
        if (n->kind == NL_Y_MAP)
            encode(b, n->keys[i]);
        encode(b, n->items[i]);
    }
}

typedef struct reader {
    const unsigned char *p, *end;
} reader;

static int get_u64(reader *r, uint64_t *v)
{
    if (r->end - r->p < 8)
        return -1;
    *v = 0;
    for (int i = 0; i < 8; i++)
        *v |= (uint64_t)r->p[i] << (8 * i);
    r->p += 8;
    return 0;
}

/* The node at r, or NULL when the bytes are not one (out of memory too). */
static nl_ynode *decode(reader *r, int depth)
{
    uint64_t line, column, k;
    if (depth > MAX_DEPTH || r->end - r->p < 2 || r->p[0] > NL_Y_SEQ || r->p[1] > 1)
        return NULL;
    nl_ykind kind = (nl_ykind)r->p[0];
    int plain = r->p[1];
    r->p += 2;
    if (get_u64(r, &line) != 0 || get_u64(r, &column) != 0 || get_u64(r, &k) != 0)
        return NULL;
    nl_ynode *n = calloc(1, sizeof *n);
    if (!n)
        return NULL;
    n->kind = kind;
    n->plain = plain;
    n->line = (unsigned long)line;
    n->column = (unsigned long)column;
    if (kind == NL_Y_SCALAR) {
        if (k > (uint64_t)(r->end - r->p) || !(n->str = malloc((size_t)k + 1))) {
            free(n);
            return NULL;
        }
        memcpy(n->str, r->p, (size_t)k);
        n->str[k] = '\0';
        n->len = (size_t)k;
        r->p += k;
        return n;
    }
    /* every child takes at least 26 bytes: a count beyond that is damage */
    if (k > (uint64_t)(r->end - r->p) / 26 || (k && !(n->items = calloc((size_t)k, sizeof *n->items))) ||
        (k && kind == NL_Y_MAP && !(n->keys = calloc((size_t)k, sizeof *n->keys)))) {
        nl_yaml_free(n);
        return NULL;
    }
    n->cap = (size_t)k;
    for (; n->n < n->cap; n->n++) {
        if (kind == NL_Y_MAP) {
            nl_ynode *key = decode(r, depth + 1);
            if (key && key->kind != NL_Y_SCALAR) {
                nl_yaml_free(key);
                key = NULL;
            }
            n->keys[n->n] = key;
            if (!key)
                break;
        }
        if (!(n->items[n->n] = decode(r, depth + 1))) {
            if (kind == NL_Y_MAP)
                nl_yaml_free(n->keys[n->n]);
            break;
        }
    }
    if (n->n < n->cap) {
        nl_yaml_free(n);
        return NULL;
    }
    return n;
}

/* The tree cached at path for a text of len bytes: 0 with *out, or -1. */
static int load_tree(const char *path, size_t len, nl_ynode **out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    struct stat sb;
    unsigned char *buf = NULL;
    int rc = -1;
    if (fstat(fileno(f), &sb) == 0 && sb.st_size > 24 && sb.st_size < (off_t)64 << 20 &&
        (buf = malloc((size_t)sb.st_size)) && fread(buf, 1, (size_t)sb.st_size, f) == (size_t)sb.st_size &&
        memcmp(buf, TREE_MAGIC, 8) == 0) {
        reader r = {buf + 8, buf + sb.st_size};
        uint64_t srclen, sum;
        if (get_u64(&r, &srclen) == 0 && get_u64(&r, &sum) == 0 && srclen == len &&
            sum == nl_hash64_words(r.p, (size_t)(r.end - r.p))) {
            if (r.end - r.p == 1 && r.p[0] == NO_ROOT) {
                *out = NULL;
                rc = 0;
            } else {
                nl_ynode *root = decode(&r, 0);
                if (root && r.p == r.end) {
                    *out = root;
                    rc = 0;
                } else {
                    nl_yaml_free(root);
                }
            }
        }
    }
    free(buf);
    fclose(f);
    return rc;
}

static void store_tree(const char *dir, const char *path, const nl_ynode *root, size_t len)
{
    nl_buf b = {0};
    if (root) {
        encode(&b, root);
    } else {
        char none = (char)NO_ROOT;
        nl_buf_put(&b, &none, 1);
    }
    nl_buf head = {0};
    nl_buf_put(&head, TREE_MAGIC, 8);
    put_u64(&head, len);
    put_u64(&head, nl_hash64_words(nl_buf_str(&b), b.n));
    nl_atomic *a = NULL;
    if (!b.oom && !head.oom && nl_cache_make_dir(dir) == 0 && nl_atomic_open(&a, path, NULL) == NL_OK) {
        FILE *f = nl_atomic_stream(a);
        if (fwrite(head.p, 1, head.n, f) == head.n && fwrite(b.p, 1, b.n, f) == b.n)
            nl_atomic_commit(a, NULL);
        else
            nl_atomic_abort(a);
        nl_cache_prune(dir, "yaml-", 30); /* trees of texts no run has read for a month */
    }
    nl_buf_free(&b);
    nl_buf_free(&head);
}

nl_status nl_yaml_parse_cached(nl_ynode **out, const char *dir, const char *name, const char *text, size_t len,
                              nl_error *err)
{
    char path[4200];
    if (!dir || (size_t)snprintf(path, sizeof path, "%s/", dir) >= sizeof path - 24)
        return nl_yaml_parse(out, name, text, len, err);
    uint64_t h = nl_hash64(nl_hash64_words(text, len), TREE_MAGIC, 8);
    snprintf(path, sizeof path, "%s/yaml-%016llx", dir, (unsigned long long)h);
    if (load_tree(path, len, out) == 0) {
        nl_cache_keep(path);
        return NL_OK;
    }
    nl_status st = nl_yaml_parse(out, name, text, len, err);
    if (st == NL_OK)
        store_tree(dir, path, *out, len);
    return st;
}

nl_status nl_yaml_error(nl_error *err, const char *path, const nl_ynode *n, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    nl_error_set(err, NL_ERR_RULE, path, "%s", msg);
    if (err) {
        err->line = n ? n->line : 0;
        err->column = n ? n->column : 0;
    }
    return NL_ERR_RULE;
}
