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
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <yaml.h>

#include "core/cache.h"
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

static int add_child(nl_ynode *parent, nl_ynode *key, nl_ynode *val)
{
    if (parent->n == parent->cap) {
        size_t cap = parent->cap ? parent->cap * 2 : 8;
        nl_ynode **items = realloc(parent->items, cap * sizeof *items);
        if (!items)
            return -1;
        parent->items = items;
        if (parent->kind == NL_Y_MAP) {
            nl_ynode **keys = realloc(parent->keys, cap * sizeof *keys);
            if (!keys)
                return -1;
            parent->keys = keys;
        }
        parent->cap = cap;
    }
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

nl_status nl_yaml_parse(nl_ynode **out, const char *name, const char *text, size_t len, nl_error *err)
{
    *out = NULL;
    yaml_parser_t p;
    yaml_event_t ev;
    frame stack[MAX_DEPTH + 1];
    int depth = 0;
    nl_ynode *root = NULL;
    nl_status st = NL_OK;
    int docs = 0;

    /* libyaml would say "invalid leading UTF-8 octet" at the start of the
       file; say where the bad byte is (and read no UTF-16 either). */
    size_t bad;
    if (!nl_utf8_valid(text, len, &bad)) {
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
            goto done;
        }
        if (ev.type == YAML_STREAM_END_EVENT) {
            yaml_event_delete(&ev);
            break;
        }
        nl_ynode *n = NULL;
        switch (ev.type) {
        case YAML_DOCUMENT_START_EVENT:
            if (++docs > 1) {
                st = fail_at(err, name, (unsigned long)ev.start_mark.line + 1,
                             (unsigned long)ev.start_mark.column + 1, "a rule file holds one YAML document, not several");
                yaml_event_delete(&ev);
                goto done;
            }
            break;
        case YAML_ALIAS_EVENT:
            st = fail_at(err, name, (unsigned long)ev.start_mark.line + 1, (unsigned long)ev.start_mark.column + 1,
                         "YAML aliases (*name) are not allowed in rule files");
            yaml_event_delete(&ev);
            goto done;
        case YAML_SCALAR_EVENT:
            n = node_new(NL_Y_SCALAR, &ev);
            if (n) {
                n->str = malloc(ev.data.scalar.length + 1);
                if (!n->str) {
                    free(n);
                    n = NULL;
                } else {
                    memcpy(n->str, ev.data.scalar.value, ev.data.scalar.length);
                    n->str[ev.data.scalar.length] = '\0';
                    n->len = ev.data.scalar.length;
                    n->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
                }
            }
            break;
        case YAML_SEQUENCE_START_EVENT:
            n = node_new(NL_Y_SEQ, &ev);
            break;
        case YAML_MAPPING_START_EVENT:
            n = node_new(NL_Y_MAP, &ev);
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: {
            nl_ynode *done_node = stack[--depth].node;
            yaml_event_delete(&ev);
            n = done_node;
            goto attach;
        }
        default:
            break;
        }
        if (ev.type != YAML_SCALAR_EVENT && ev.type != YAML_SEQUENCE_START_EVENT &&
            ev.type != YAML_MAPPING_START_EVENT) {
            yaml_event_delete(&ev);
            continue;
        }
        if (!n) {
            yaml_event_delete(&ev);
            st = nl_error_set(err, NL_ERR_NOMEM, name, "out of memory");
            goto done;
        }
        if (n->kind != NL_Y_SCALAR) {
            if (depth == MAX_DEPTH) {
                st = fail_at(err, name, n->line, n->column, "YAML nested too deeply");
                nl_yaml_free(n);
                yaml_event_delete(&ev);
                goto done;
            }
            stack[depth].node = n;
            stack[depth].pending_key = NULL;
            depth++;
            yaml_event_delete(&ev);
            continue;
        }
        yaml_event_delete(&ev);
    attach:
        if (depth == 0) {
            root = n;
            continue;
        }
        {
            frame *f = &stack[depth - 1];
            int rc;
            if (f->node->kind == NL_Y_MAP) {
                if (!f->pending_key) {
                    if (n->kind != NL_Y_SCALAR) {
                        st = fail_at(err, name, n->line, n->column, "a mapping key must be a plain value");
                        nl_yaml_free(n);
                        goto done;
                    }
                    f->pending_key = n;
                    continue;
                }
                rc = add_child(f->node, f->pending_key, n);
                if (rc == 0)
                    f->pending_key = NULL;
            } else {
                rc = add_child(f->node, NULL, n);
            }
            if (rc != 0) {
                nl_yaml_free(n);
                st = nl_error_set(err, NL_ERR_NOMEM, name, "out of memory");
                goto done;
            }
        }
    }
done:
    /* free what is still on the stack (only on error) */
    while (depth > 0) {
        frame *f = &stack[--depth];
        nl_yaml_free(f->pending_key);
        if (depth == 0 && f->node == root)
            root = NULL;
        nl_yaml_free(f->node);
    }
    yaml_parser_delete(&p);
    if (st != NL_OK) {
        nl_yaml_free(root);
        return st;
    }
    *out = root;
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
