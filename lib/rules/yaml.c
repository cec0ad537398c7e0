/*
 * yaml.c — libyaml's event parser turned into the nl_ynode tree of yaml.h.
 * Depth is capped so that a hostile file cannot exhaust the stack or memory
 * through nesting; aliases are refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

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
